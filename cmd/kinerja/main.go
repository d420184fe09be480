// Command kinerja is the Kinerja performance-management system: web server,
// demo office, rule engine and administration commands in one binary.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/kinerja/kinerja/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
