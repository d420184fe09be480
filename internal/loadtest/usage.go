package loadtest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"
)

// cpuTimes is the processor time used so far by the server and by this
// process; a field is negative when it cannot be read.
type cpuTimes struct{ server, client time.Duration }

func readUsage(serverPID int) cpuTimes {
	t := cpuTimes{server: -1, client: -1}
	if d, err := procCPU(os.Getpid()); err == nil {
		t.client = d
	}
	if serverPID > 0 {
		if d, err := procCPU(serverPID); err == nil {
			t.server = d
		}
	}
	return t
}

// since is the usage of a phase that ended at t and began at start.
func (t cpuTimes) since(start cpuTimes, samples []sample) Usage {
	u := Usage{Requests: len(samples)}
	for _, s := range samples {
		u.Requests += s.reads
	}
	if t.server >= 0 && start.server >= 0 {
		u.Server = t.server - start.server
	}
	if t.client >= 0 && start.client >= 0 {
		u.Client = t.client - start.client
	}
	return u
}

// clockTick is the unit of /proc/PID/stat's times (USER_HZ), 100 per
// second on Linux's usual builds.
const clockTick = 10 * time.Millisecond

// procCPU reads a process's user and system time from /proc (Linux).
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	d, err := parseStat(b)
	if err != nil {
		return 0, fmt.Errorf("/proc/%d/stat: %w", pid, err)
	}
	return d, nil
}

// parseStat reads user and system time from a /proc/PID/stat line.
func parseStat(b []byte) (time.Duration, error) {
	// The command name, in parentheses, may hold spaces: count the fields
	// after its closing parenthesis, where utime and stime are the 12th
	// and 13th (fields 14 and 15 of the whole line).
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, errors.New("unexpected format")
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 13 {
		return 0, errors.New("unexpected format")
	}
	var ticks int64
	for _, x := range f[11:13] {
		n, err := strconv.ParseInt(string(x), 10, 64)
		if err != nil {
			return 0, err
		}
		ticks += n
	}
	return time.Duration(ticks) * clockTick, nil
}
