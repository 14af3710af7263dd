// Command wfc checks, compiles and runs wfc workflows.
//
// main is os.Exit(Main()); Main dispatches to the commands in commands.go.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/wfc-lang/wfc/lang"
)

// Exit codes shared by every command.
const (
	exitOK          = 0
	exitFail        = 1 // the user's input is wrong, or the work failed
	exitUsage       = 2 // the command line is wrong
	exitInterrupted = 130
)

func main() { os.Exit(Main()) }

// Main runs wfc with os.Args and returns the process exit code. Tests call it
// through testscript.
func Main() int {
	e := newEnv(os.Stdin, os.Stdout, os.Stderr)
	defer startProfile(e)()
	return run(e, os.Args[1:])
}

// env is what a command may touch of the outside world.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	color  bool     // colour diagnostics: stderr is a terminal and NO_COLOR is unset
	cmd    *command // the command being run, for usage messages
}

func newEnv(stdin io.Reader, stdout, stderr io.Writer) *env {
	return &env{stdin: stdin, stdout: stdout, stderr: stderr, color: wantColor(stderr)}
}

// errorf prints "wfc: msg" to stderr and returns exitFail.
func (e *env) errorf(format string, args ...any) int {
	fmt.Fprintf(e.stderr, "wfc: "+format+"\n", args...)
	return exitFail
}

// usagef prints a usage error with a pointer to help and returns exitUsage.
func (e *env) usagef(format string, args ...any) int {
	cmd := e.cmd
	fmt.Fprintf(e.stderr, "wfc %s: %s\n", cmd.name, fmt.Sprintf(format, args...))
	fmt.Fprintf(e.stderr, "usage: %s\nrun 'wfc help %s' for details\n", cmd.usage, cmd.name)
	return exitUsage
}

// command is one wfc subcommand.
type command struct {
	name    string
	usage   string // "wfc check [--json] FILE.wf..."
	summary string // one line for 'wfc help'
	help    string // the rest of 'wfc help NAME'
	// flags declares the command's flags on fs and returns the function that
	// runs the command once flags and positional args are parsed.
	flags func(fs *flag.FlagSet) func(e *env, args []string) int
}

func run(e *env, args []string) int {
	if len(args) == 0 {
		printUsage(e.stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "--version":
		name = "version"
	}
	cmd := lookup(name)
	if cmd == nil {
		fmt.Fprintf(e.stderr, "wfc: unknown command %q%s\nrun 'wfc help' for a list of commands\n", name, suggestCommand(name))
		return exitUsage
	}
	e.cmd = cmd
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runCmd := cmd.flags(fs)
	positional, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		printCommandHelp(e.stdout, cmd, fs)
		return exitOK
	}
	if err != nil {
		return e.usagef("%v", err)
	}
	return runCmd(e, positional)
}

// parseInterspersed parses flags anywhere among the arguments, as people
// write them ("wfc compile x.wf -o out"); "--" ends flag parsing.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		// flag stops at the first non-flag argument, or just after "--".
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

func lookup(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

func suggestCommand(name string) string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	if s := lang.Suggest(name, names); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, "wfc is a workflow language, its compiler and a local parallel executor.\n\nUsage:\n\n\twfc <command> [arguments]\n\nCommands:\n\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "\t%-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'wfc help <command>' for more about a command.\n")
}

var helpCommand = &command{
	name:    "help",
	usage:   "wfc help [COMMAND]",
	summary: "show help for a command",
	help: `
Help describes COMMAND: its usage, what it does and its flags. Without
COMMAND it lists the commands. 'wfc COMMAND --help' says the same.`,
}

// The help command's flags are set here rather than in its literal: help
// looks commands up, itself among them, and a literal referring to that
// would be an initialization cycle.
func init() {
	helpCommand.flags = func(*flag.FlagSet) func(*env, []string) int { return runHelp }
}

func runHelp(e *env, args []string) int {
	if len(args) > 1 {
		return e.usagef("too many arguments: %s", strings.Join(args[1:], " "))
	}
	if len(args) == 0 {
		printUsage(e.stdout)
		return exitOK
	}
	cmd := lookup(args[0])
	if cmd == nil {
		fmt.Fprintf(e.stderr, "wfc help: unknown command %q%s\n", args[0], suggestCommand(args[0]))
		return exitUsage
	}
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	cmd.flags(fs)
	printCommandHelp(e.stdout, cmd, fs)
	return exitOK
}

func printCommandHelp(w io.Writer, cmd *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: %s\n\n%s\n", cmd.usage, strings.TrimSpace(cmd.help))
	var hasFlags bool
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprintf(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}
