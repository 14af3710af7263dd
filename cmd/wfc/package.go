package main

import (
	"flag"
	"fmt"
)

var packageCommand = &command{
	name:    "package",
	usage:   "wfc package [flags] FILE.wf...",
	summary: "pack Flyte entities into a tarball for flytectl",
	help: `
Package compiles the program as 'wfc compile' does and writes the protobuf
files into a gzipped tarball, laid out as 'pyflyte package' lays it out
(every NNN_NAME_K.pb at the top level), ready for

    flytectl register files --archive flyte-package.tgz

The tarball is the same byte for byte for the same program and flags, and
appears only once complete.`,
	flags: func(fs *flag.FlagSet) func(*env, []string) int {
		out := fs.String("o", "flyte-package.tgz", "write the tarball to `FILE`")
		opts := flyteFlags(fs)
		return func(e *env, args []string) int {
			files, wfName, code := splitArgs(e, args)
			if code != exitOK {
				return code
			}
			if wfName != "" {
				return e.usagef("unexpected argument %s: a package holds every workflow", wfName)
			}
			b, code := e.compileFlyte(files, opts())
			if code != exitOK {
				return code
			}
			if err := b.WritePackage(*out); err != nil {
				return e.errorf("%v", err)
			}
			fmt.Fprintf(e.stderr, "packed %d Flyte entities into %s\n", len(b.Entities), *out)
			return exitOK
		}
	},
}
