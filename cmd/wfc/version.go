package main

import (
	"flag"
	"fmt"
	"regexp"
	"runtime/debug"
	"strings"
)

var versionCommand = &command{
	name:    "version",
	usage:   "wfc version",
	summary: "print wfc's version",
	help: `
Version prints the version wfc was built as: a release's version
("wfc v1.2.3"), or for a build from a checkout "(devel)", the commit it was
built from and "-dirty" when the checkout had uncommitted changes
("wfc (devel) 1a2b3c4d-dirty").`,
	flags: func(*flag.FlagSet) func(*env, []string) int {
		return func(e *env, args []string) int {
			if len(args) > 0 {
				return e.usagef("too many arguments: %s", strings.Join(args, " "))
			}
			info, _ := debug.ReadBuildInfo()
			fmt.Fprintf(e.stdout, "wfc %s\n", formatVersion(info))
			return exitOK
		}
	},
}

// pseudoVersion matches the tail of a module pseudo-version
// (v0.0.0-20261207072726-ce8d02d1a2b3), which the go command gives a
// build from a commit that no release tag names.
var pseudoVersion = regexp.MustCompile(`\d{14}-[0-9a-f]{12}(\+dirty)?$`)

// formatVersion describes the build info: the module's version when it is
// a release, else "(devel)" with the VCS revision and a dirty flag when
// the build recorded them.
func formatVersion(info *debug.BuildInfo) string {
	if info == nil {
		return "(devel)"
	}
	if v := info.Main.Version; isRelease(v) {
		return v
	}
	var rev string
	var dirty bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		if v := info.Main.Version; v != "" && v != "(devel)" {
			return v // a pseudo-version, as go install module@commit records it
		}
		return "(devel)"
	}
	out := "(devel) " + rev[:min(8, len(rev))]
	if dirty {
		out += "-dirty"
	}
	return out
}

// isRelease reports whether v is a tagged release's version, not "(devel)",
// a pseudo-version or a build from a modified checkout.
func isRelease(v string) bool {
	return strings.HasPrefix(v, "v") && !pseudoVersion.MatchString(v) && !strings.HasSuffix(v, "+dirty")
}

// releaseVersion is the version recorded in compiled tasks' runtime
// metadata: the release, or "dev" for any other build, so that compiled
// output does not change with each commit.
func releaseVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && isRelease(info.Main.Version) {
		return info.Main.Version
	}
	return "dev"
}
