// Package cli implements the kinerja sub-commands. Every command reads its
// input from the given streams and environment so that tests can run it
// in-process exactly as a user would from a shell.
package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
)

// Env bundles what a command may touch of the outside world.
type Env struct {
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// command is one sub-command: a one-line summary and its entry point, which
// returns the process exit code.
type command struct {
	summary string
	run     func(ctx context.Context, env Env, args []string) int
}

// Exit codes shared by every command.
const (
	exitOK       = 0
	exitFailure  = 1
	exitBadInput = 2
)

func commands() map[string]command {
	return map[string]command{
		"version":   {"print the version", runVersion},
		"serve":     {"run the web server", runServe},
		"demo":      {"run the web server with a demo office on its own SQLite file", runDemo},
		"migrate":   {"apply database migrations and print the schema version", runMigrate},
		"user":      {"create-admin USERNAME | token USERNAME: manage accounts", runUser},
		"audit":     {"verify: check the hash chain of the audit log", runAudit},
		"calc":      {"compute achievement, NKO, K3 or NKP from JSON on stdin", runCalc},
		"loadtest":  {"--url U --accounts @FILE: many users browsing and saving against a running server", runLoadtest},
		"recompute": {"--quarter Q [--year Y]: compute every office's NKO and every NHK of a quarter", runRecompute},
		"evidence":  {"migrate: copy the evidence files of the data directory to S3, verified by SHA-256", runEvidence},
	}
}

// Run executes the sub-command named by args[0] and returns the exit code.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := Env{Getenv: getenv, Stdin: stdin, Stdout: stdout, Stderr: stderr}
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout, cmds)
		return exitOK
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "kinerja: unknown command %q (run \"kinerja help\")\n", args[0])
		return exitBadInput
	}
	return cmd.run(ctx, env, args[1:])
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "Kinerja — performance management for government offices")
	fmt.Fprintln(w, "\nUsage: kinerja <command> [flags]\n\nCommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
}
