package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/wfc-lang/wfc/compiler/flyte"
	"github.com/wfc-lang/wfc/lang"
)

var compileCommand = &command{
	name:    "compile",
	usage:   "wfc compile [flags] FILE.wf... [WORKFLOW]",
	summary: "compile workflows to Flyte entities",
	help: `
Compile checks the program (the files named and what they import) and
turns it into the entities Flyte registers, in the shapes pyflyte
serialize writes: for each task an admin.TaskSpec, for
each workflow an admin.WorkflowSpec and its default launch plan (an
admin.LaunchPlan with the workflow's defaults).

With -o DIR it writes one file per entity into DIR, named as pyflyte names
them (NNN_NAME_1 task, NNN_NAME_2 workflow, NNN_NAME_3 launch plan,
dependencies first), as protojson (--format json) or protobuf (--format
pb, what 'flytectl register files' reads). The files appear all at once or
not at all: a failed compile leaves DIR as it was. DIR may hold only files
of an earlier compile, which are replaced.

Without -o it prints WORKFLOW's compiled closure (flyteidl's
CompiledWorkflowClosure, with the connections between nodes as Flyte's
compiler computes them) as JSON; WORKFLOW may be left out when the file has
only one.

Identifiers get --project, --domain and --version; left empty, as pyflyte
package leaves them, 'flytectl register files' fills them in. Shell tasks
run in --image unless they name one. Secrets are requested from the Flyte
secret group --secret-group, keyed by name.

Before anything is written the entities pass the checks Flyte's compiler
applies at registration (every input bound once with a castable type,
consistent upstream nodes, no unreachable node, every output bound).
Warnings name what compiles but behaves differently on Flyte than under
'wfc run', such as webhook extensions Flyte's connector lacks.

Exit status: 0 on success (warnings allowed), 1 when the program or the
Flyte checks have errors or the output cannot be written, 2 on a usage
error.`,
	flags: func(fs *flag.FlagSet) func(*env, []string) int {
		out := fs.String("o", "", "write the entities into directory `DIR`")
		format := fs.String("format", "json", "file format: json or pb")
		opts := flyteFlags(fs)
		return func(e *env, args []string) int {
			f, err := flyte.ParseFormat(*format)
			if err != nil {
				return e.usagef("--format: %v", err)
			}
			files, wfName, code := splitArgs(e, args)
			if code != exitOK {
				return code
			}
			if *out != "" && wfName != "" {
				return e.usagef("-o writes every workflow; WORKFLOW selects the closure printed without it")
			}
			b, code := e.compileFlyte(files, opts())
			if code != exitOK {
				return code
			}
			if *out != "" {
				if err := b.WriteDir(*out, f); err != nil {
					return e.errorf("%v", err)
				}
				fmt.Fprintf(e.stderr, "wrote %d Flyte entities to %s\n", len(b.Entities), *out)
				return exitOK
			}
			name, code := e.chooseWorkflow(b.Workflows(), wfName, "compile")
			if code != exitOK {
				return code
			}
			c, err := b.Closure(name)
			if err != nil {
				return e.errorf("%v", err)
			}
			w := bufio.NewWriterSize(e.stdout, 256<<10)
			if f == flyte.JSON {
				err = flyte.EncodeJSON(w, c)
			} else {
				var data []byte
				if data, err = flyte.Marshal(c, f); err == nil {
					_, err = w.Write(data)
				}
			}
			if err == nil {
				err = w.Flush()
			}
			if err != nil {
				return e.errorf("%v", err)
			}
			return exitOK
		}
	},
}

// flyteFlags declares the flags that shape Flyte entities, shared by
// compile and package, and returns a function reading them.
func flyteFlags(fs *flag.FlagSet) func() flyte.Options {
	project := fs.String("project", "", "Flyte project of every identifier")
	domain := fs.String("domain", "", "Flyte domain of every identifier")
	ver := fs.String("version", "", "version of every identifier")
	image := fs.String("image", flyte.DefaultImage, "container `image` of shell tasks that name none")
	group := fs.String("secret-group", flyte.DefaultSecretGroup, "Flyte secret `group` secrets are requested from")
	conn := flyte.ConnectorWfc
	fs.Func("connector", "the connector that runs webhooks using wfc extensions on the cluster: `wfc` (type wfc-webhook) or none (an error)", func(v string) error {
		if v != flyte.ConnectorWfc && v != flyte.ConnectorNone {
			return fmt.Errorf("must be %s or %s", flyte.ConnectorWfc, flyte.ConnectorNone)
		}
		conn = v
		return nil
	})
	return func() flyte.Options {
		return flyte.Options{
			Project: *project, Domain: *domain, Version: *ver,
			Image: *image, SecretGroup: *group, SDKVersion: releaseVersion(),
			Connector: conn,
		}
	}
}

// splitArgs separates .wf files from an optional workflow name.
func splitArgs(e *env, args []string) (files []string, workflow string, code int) {
	for _, a := range args {
		if strings.HasSuffix(a, ".wf") {
			files = append(files, a)
			continue
		}
		if workflow != "" {
			return nil, "", e.usagef("more than one workflow named: %s and %s (files end in .wf)", workflow, a)
		}
		workflow = a
	}
	if len(files) == 0 {
		return nil, "", e.usagef("no .wf file given")
	}
	return files, workflow, exitOK
}

// compileFlyte loads, checks and compiles files, printing diagnostics;
// errors stop it with exit code 1.
func (e *env) compileFlyte(files []string, opts flyte.Options) (*flyte.Bundle, int) {
	limitMemory(files)
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(compileGCPercent)
	}
	l := load(files)
	if code := e.report(l, false); code != exitOK {
		return nil, code
	}
	b, diags := flyte.Compile(l.program, opts)
	if err := diags.Render(e.stderr, l.sources, e.color); err != nil {
		return nil, exitFail
	}
	if diags.HasErrors() {
		return nil, exitFail
	}
	return b, exitOK
}

// Memory pacing of compile, package and run. With Go's default pacing the
// heap may grow to twice what is live before a collection; parsing and
// checking a 100,000-call program (3.2 MB of source) keeps about 190 MB
// live at its peak, so the heap would reach 350 MB. Instead the collector
// gets a soft limit, minMemoryLimit or memoryPerSourceByte times the size
// of the sources, whichever is larger, so that a larger program raises it
// rather than making the collector run without pause. Below that limit a
// compile collects less often than by default (GOGC=400), since it is
// short and what it allocates it mostly keeps. A run keeps Go's default
// pace: a larger heap goal means fresh pages, and on small runs, whose
// heap is a few MB, faulting them in cost more than the collections it
// saved (docs/performance.md, "Memory pacing"). GOGC and GOMEMLIMIT, when
// set, win.
const (
	minMemoryLimit      = 260 << 20
	memoryPerSourceByte = 80
	compileGCPercent    = 400
)

// limitMemory sets the soft memory limit for checking files.
func limitMemory(files []string) {
	if os.Getenv("GOMEMLIMIT") == "" {
		var size int64
		for _, f := range files {
			if fi, err := os.Stat(f); err == nil {
				size += fi.Size()
			}
		}
		debug.SetMemoryLimit(max(minMemoryLimit, memoryPerSourceByte*size))
	}
}

// chooseWorkflow picks the workflow named, or the only one, and returns
// exitOK; otherwise it reports why not and returns the exit code. Leaving
// out the name when there are several, or naming one the program lacks, is
// a usage error: the command line must change, not the program.
func (e *env) chooseWorkflow(names []string, name, verb string) (string, int) {
	sorted := slices.Sorted(slices.Values(names))
	if name == "" {
		switch len(names) {
		case 0:
			return "", e.errorf("nothing to %s: the program declares no workflow", verb)
		case 1:
			return names[0], exitOK
		}
		return "", e.usagef("the program declares %d workflows; name one: %s", len(names), strings.Join(sorted, ", "))
	}
	if slices.Contains(names, name) {
		return name, exitOK
	}
	msg := fmt.Sprintf("no workflow %q", name)
	if s := lang.Suggest(name, sorted); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	} else if len(sorted) > 0 {
		msg += "; workflows: " + strings.Join(sorted, ", ")
	}
	return "", e.usagef("%s", msg)
}
