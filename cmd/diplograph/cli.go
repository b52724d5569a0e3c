package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"

	dg "github.com/diplograph/diplograph"
)

// Main is the program: its I/O, its parsed command and what it opened, so
// tests drive the same wiring as the binary.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	IsTerminal     bool // draw a progress bar instead of log lines

	cmd    command
	logger *slog.Logger
	closer []func() error
}

// command is one subcommand with its flags.
type command interface {
	// flags registers the command's flags on fs.
	flags(fs *flag.FlagSet)
	// run executes the command after the flags were parsed; args are the rest.
	run(ctx context.Context, m *Main, args []string) error
}

type commandInfo struct {
	name, summary, usage string
	new                  func() command
}

var commands = []commandInfo{
	{"serve", "load articles (optional) and serve the GraphQL API", serveUsage, func() command { return &serveCmd{} }},
	{"load", "code articles and write them into the store", loadUsage, func() command { return &loadCmd{} }},
	{"code", "code articles or sentences to JSON Lines, without a store", codeUsage, func() command { return &codeCmd{} }},
	{"export", "write the graph as N-Quads, or its events as JSON Lines or CSV", exportUsage, func() command { return &exportCmd{} }},
	{"stats", "print the store's totals", statsUsage, func() command { return &statsCmd{} }},
	{"reindex", "rebuild the store's indexes from its quads", reindexUsage, func() command { return &reindexCmd{} }},
	{"eval", "score the coder on a gold file of coded sentences", evalUsage, func() command { return &evalCmd{} }},
	{"version", "print the version", "diplograph version", func() command { return &versionCmd{} }},
}

// NewMain returns a Main wired to the process's standard streams and environment.
func NewMain() *Main {
	fi, err := os.Stderr.Stat()
	tty := err == nil && fi.Mode()&os.ModeCharDevice != 0
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, IsTerminal: tty}
}

// errUsage asks for the usage text instead of an error line.
var errUsage = errors.New("usage")

// Main parses args, runs the command, closes what it opened and returns
// the exit code; errors go to Stderr as one line.
func (m *Main) Main(ctx context.Context, args []string) int {
	rest, err := m.ParseFlags(args)
	if err == nil {
		err = m.Run(ctx, rest)
	}
	if cerr := m.Close(); err == nil {
		err = cerr
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintf(m.Stderr, "diplograph: %v\n", err)
	if c := dg.ExitCode(err); c != 0 {
		return c
	}
	return 1
}

// ParseFlags picks the subcommand and parses its flags; flags not given on
// the command line are read from DIPLOGRAPH_<FLAG> environment variables.
func (m *Main) ParseFlags(args []string) ([]string, error) {
	if m.Getenv == nil {
		m.Getenv = func(string) string { return "" }
	}
	m.logger = slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		m.usage()
		if len(args) == 0 {
			return nil, errUsage
		}
		return nil, flag.ErrHelp
	}
	var info *commandInfo
	for k := range commands {
		if commands[k].name == args[0] {
			info = &commands[k]
		}
	}
	if info == nil {
		return nil, dg.Errorf(dg.EInvalid, "unknown command %q (run diplograph help)", args[0])
	}
	m.cmd = info.new()
	fs := flag.NewFlagSet("diplograph "+info.name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "%s\n\nFlags (also from DIPLOGRAPH_<FLAG> environment variables):\n", strings.TrimSpace(info.usage))
		fs.PrintDefaults()
	}
	m.cmd.flags(fs)
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		name := "DIPLOGRAPH_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v := m.Getenv(name); v != "" && envErr == nil {
			if err := fs.Set(f.Name, v); err != nil {
				envErr = dg.Errorf(dg.EInvalid, "environment %s: %w", name, err)
			}
		}
	})
	if envErr != nil {
		return nil, envErr
	}
	if err := fs.Parse(interleave(fs, args[1:])); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, dg.Errorf(dg.EInvalid, "%s: %w", info.name, err)
	}
	return fs.Args(), nil
}

// interleave moves flags given after positional arguments ("load dir --db x")
// in front of them, as users expect.
func interleave(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && a != "-" {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") {
				if f := fs.Lookup(name); f != nil {
					if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !bf.IsBoolFlag() {
						if i+1 < len(args) {
							flags = append(flags, args[i+1])
							i++
						}
					}
				}
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}

// Run executes the parsed command.
func (m *Main) Run(ctx context.Context, args []string) error {
	if m.cmd == nil {
		return errUsage
	}
	return m.cmd.run(ctx, m, args)
}

// Close releases what the command opened, in reverse order.
func (m *Main) Close() error {
	var errs []error
	for i := len(m.closer) - 1; i >= 0; i-- {
		errs = append(errs, m.closer[i]())
	}
	m.closer = nil
	return errors.Join(errs...)
}

func (m *Main) onClose(f func() error) { m.closer = append(m.closer, f) }

func (m *Main) usage() {
	fmt.Fprintf(m.Stderr, "diplograph turns news articles into a knowledge graph of who did what to whom, when,\nand according to which sentence, and serves it over GraphQL.\n\nUsage: diplograph <command> [flags] [args]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(m.Stderr, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(m.Stderr, "\nRun diplograph <command> --help for a command's flags and examples.\n")
}

type versionCmd struct{}

func (*versionCmd) flags(*flag.FlagSet) {}

func (*versionCmd) run(_ context.Context, m *Main, _ []string) error {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	_, err := fmt.Fprintf(m.Stdout, "diplograph %s\n", v)
	return err
}
