package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/kinerja/kinerja/internal/app"
	"github.com/kinerja/kinerja/internal/audit"
	"github.com/kinerja/kinerja/internal/config"
	"github.com/kinerja/kinerja/internal/domain"
	"github.com/kinerja/kinerja/internal/i18n"
	"github.com/kinerja/kinerja/internal/service"
)

// openApp loads the configuration shared by the administration commands.
func openApp(ctx context.Context, env Env, name string, args []string) (*app.App, []string, int) {
	return openAppFlags(ctx, env, name, args, flag.NewFlagSet(name, flag.ContinueOnError))
}

// openAppFlags is openApp with a command's own flags besides the shared ones.
func openAppFlags(ctx context.Context, env Env, name string, args []string, fs *flag.FlagSet) (*app.App, []string, int) {
	fs.SetOutput(env.Stderr)
	cfg, rest, err := config.Load(name, args, env.Getenv, fs)
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja %s: %v\n", name, err)
		return nil, nil, exitBadInput
	}
	cfg.LogLevel = "warn"
	a, err := app.Open(ctx, cfg, app.NewLogger(cfg, env.Stderr))
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja %s: %v\n", name, err)
		return nil, nil, exitFailure
	}
	return a, rest, exitOK
}

func runMigrate(ctx context.Context, env Env, args []string) int {
	a, _, code := openApp(ctx, env, "migrate", args)
	if a == nil {
		return code
	}
	defer a.Close()
	v, err := a.Store.MigrationVersion(ctx)
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja migrate: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(env.Stdout, "database (%s) is at schema version %d\n", a.Store.Engine(), v)
	return exitOK
}

func runUser(ctx context.Context, env Env, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, "usage: kinerja user create-admin USERNAME | kinerja user token USERNAME [NAME]")
		return exitBadInput
	}
	switch args[0] {
	case "create-admin":
		return runCreateAdmin(ctx, env, args[1:])
	case "token":
		return runToken(ctx, env, args[1:])
	}
	fmt.Fprintf(env.Stderr, "kinerja user: unknown sub-command %q\n", args[0])
	return exitBadInput
}

// readPassword asks twice on a terminal, or reads one line from a pipe.
func readPassword(env Env) (string, error) {
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(env.Stderr, "Password: ")
		p1, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(env.Stderr, "Repeat password: ")
		p2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", err
		}
		if string(p1) != string(p2) {
			return "", errors.New("the passwords differ")
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password on standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func runCreateAdmin(ctx context.Context, env Env, args []string) int {
	a, rest, code := openApp(ctx, env, "user create-admin", args)
	if a == nil {
		return code
	}
	defer a.Close()
	if len(rest) != 1 {
		fmt.Fprintln(env.Stderr, "usage: kinerja user create-admin [flags] USERNAME (the password is read from the prompt or stdin)")
		return exitBadInput
	}
	pw, err := readPassword(env)
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja user create-admin: %v\n", err)
		return exitBadInput
	}
	u, err := a.Service.CreateFirstAdmin(ctx, rest[0], pw)
	if err != nil {
		var ve *domain.ValidationError
		if errors.As(err, &ve) {
			for _, f := range ve.Order() {
				fmt.Fprintf(env.Stderr, "kinerja user create-admin: %s: %s\n", f, i18n.Translate("en", ve.Fields[f].Key, ve.Fields[f].Args))
			}
			return exitBadInput
		}
		fmt.Fprintf(env.Stderr, "kinerja user create-admin: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(env.Stdout, "admin %q created\n", u.Username)
	return exitOK
}

func runToken(ctx context.Context, env Env, args []string) int {
	a, rest, code := openApp(ctx, env, "user token", args)
	if a == nil {
		return code
	}
	defer a.Close()
	if len(rest) < 1 || len(rest) > 2 {
		fmt.Fprintln(env.Stderr, "usage: kinerja user token [flags] USERNAME [TOKEN-NAME]")
		return exitBadInput
	}
	name := "cli"
	if len(rest) == 2 {
		name = rest[1]
	}
	tok, _, err := a.Service.IssueToken(ctx, service.SystemActor(), rest[0], name)
	if errors.Is(err, domain.ErrNotFound) {
		fmt.Fprintf(env.Stderr, "kinerja user token: no account %q\n", rest[0])
		return exitBadInput
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja user token: %v\n", err)
		return exitFailure
	}
	fmt.Fprintln(env.Stdout, tok)
	return exitOK
}

func runAudit(ctx context.Context, env Env, args []string) int {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(env.Stderr, "usage: kinerja audit verify [flags]")
		return exitBadInput
	}
	a, _, code := openApp(ctx, env, "audit verify", args[1:])
	if a == nil {
		return code
	}
	defer a.Close()
	n, err := audit.Verify(ctx, a.Store)
	var brk *audit.Break
	if errors.As(err, &brk) {
		fmt.Fprintf(env.Stdout, "BROKEN: %v (%d events before it are intact)\n", brk, n)
		return exitFailure
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja audit verify: %v\n", err)
		return exitFailure
	}
	seq, head, err := a.Store.LastAuditEvent(ctx)
	if err != nil {
		fmt.Fprintf(env.Stderr, "kinerja audit verify: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(env.Stdout, "OK: %d events, chain intact; last event %d has hash %s\n", n, seq, head)
	return exitOK
}
