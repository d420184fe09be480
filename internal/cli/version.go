package cli

import (
	"context"
	"fmt"
	"runtime/debug"
)

// Version is set at build time with -ldflags "-X github.com/kinerja/kinerja/internal/cli.Version=v1.2.3".
var Version = "dev"

func runVersion(_ context.Context, env Env, _ []string) int {
	v := Version
	if bi, ok := debug.ReadBuildInfo(); ok && v == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	fmt.Fprintf(env.Stdout, "kinerja %s\n", v)
	return exitOK
}
