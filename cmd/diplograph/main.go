// Command diplograph turns news articles into a knowledge graph of who did
// what to whom, when, and according to which sentence, and serves it over
// GraphQL. Run "diplograph help" for the subcommands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain()
	code := m.Main(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
