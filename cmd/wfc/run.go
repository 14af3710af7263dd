package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/internal/capped"
	"github.com/wfc-lang/wfc/nodes/echo"
	"github.com/wfc-lang/wfc/nodes/shell"
	"github.com/wfc-lang/wfc/nodes/webhook"
	"github.com/wfc-lang/wfc/runtime"
	"github.com/wfc-lang/wfc/runtime/taskcache"
)

// defaultRunsDir is where run records go, relative to the working directory.
const defaultRunsDir = ".wfc/runs"

var runCommand = &command{
	name:    "run",
	usage:   "wfc run [flags] FILE.wf... [WORKFLOW] [-i name=value ...]",
	summary: "run a workflow on this machine",
	help: `
Run checks the program and runs WORKFLOW (which may be left out when the program
has only one) on this machine, starting every node as soon as the nodes it
depends on are done, at most --max-parallel at a time.

Inputs come from --inputs (a JSON object, in a file of at most 64 MiB)
and from -i name=value, which wins. A -i value is read by the input's
type: str as written, int, float, bool, datetime (RFC 3339), duration
(10s, 1m30s), dict, list and map as JSON, and file and dir as the path of
an existing file or directory. Inputs with defaults may be
left out.

The workflow's outputs are printed on standard output as a JSON object
keyed by output name; files and directories as their paths in the run
record's data folder. Progress goes to standard error: a live status on a
terminal, plain lines otherwise, ending with a one-line summary.

Tasks apply their retries (with exponential backoff and jitter) and
per-attempt timeouts. By default the first failure cancels the nodes in
flight and stops the run; with --keep-going (or the workflow's keep_going)
only the nodes depending on a failure are skipped and every error is
reported at the end (Flyte's FAIL_AFTER_EXECUTABLE_NODES_COMPLETE). A
workflow's on_failure handler runs after a failure.

Secrets ({secrets.NAME}) are read from the environment variable
WFC_SECRET_NAME or the file NAME in --secrets-dir (at most 64 KiB); they
are resolved before any node starts and replaced by *** in everything wfc
writes, in the spellings servers commonly echo them in. A shell task sees
only the secrets its secrets field requests, each as the variable it
names, and no other secret, nor where they are.

Shell tasks run with a minimal environment: PATH, HOME, LANG and TMPDIR
from wfc's, WFC_OUTPUT_DIR, and the task's env; --inherit-env gives them
all of wfc's environment (but its secrets) instead. Requests and limits
are Flyte's; wfc run warns about a task that asks for more CPU or memory
than this machine has, and otherwise ignores them.

With --serve 127.0.0.1:8000, the echo server of 'wfc serve' answers on that
address while the workflow runs, so the examples run without the internet.

With --dry-run, nothing runs: every webhook request is printed as it would
be sent (method, url, headers, body), every shell task's command line as it
would run (/bin/sh -c SCRIPT NAME ARG…), secrets as ***, and values only a
run would produce as the promise they come from (<n0.o0>).

Every run is recorded under .wfc/runs/RUN-ID (see 'wfc runs' and
'wfc show'), shell tasks' output in its logs/ (see 'wfc logs'), each
webhook call's request and response in its journal (secrets as ***).

Cached tasks (cache = true) reuse the results of earlier identical calls
from the task cache ('wfc cache'); --no-cache and --overwrite-cache change
that. --resume RUN runs again with RUN's inputs and reuses the outputs of
its calls whose task and inputs did not change. Ctrl-C cancels the run, records its state and exits 130.

With --report, the run's HTML report (see 'wfc help report') is written
to report.html in the run's folder when the run ends, whether it
succeeded, failed or was interrupted, and its path is printed.

With --json, standard output holds one JSON object {run, status, outputs,
summary, error, record, report} and standard error one JSON object per
progress event.

Exit status: 0 when the run succeeded, 1 when it failed or the file or
inputs are wrong, 2 on a usage error, 130 when interrupted.`,
	flags: func(fs *flag.FlagSet) func(*env, []string) int {
		f := &runFlags{}
		f.declare(fs)
		return func(e *env, args []string) int { return runRun(e, f, args) }
	},
}

// runFlags are run's flags. Flags that change how nodes execute (a
// --dry-run that swaps executors, say) belong here and in newRegistry.
type runFlags struct {
	inputs         stringList
	inputsFile     string
	maxParallel    int
	keepGoing      boolSetting
	asJSON         bool
	verbose        bool
	runsDir        string
	secretsDir     string
	inheritEnv     bool   // shell tasks get all of wfc's environment, not the minimal one
	dryRun         bool   // print the webhook requests and shell commands, run nothing (dryrun.go)
	serve          string // answer webhooks on this loopback address during the run (serve.go)
	resume         string // reuse this run's successful calls (--resume)
	nodeLogMiB     int64  // record at most this much of a node's log
	runLogMiB      int64  // and of a run's logs
	noCache        bool   // run cached tasks, neither looking them up nor storing them
	overwriteCache bool   // run cached tasks and store their results over the old
	report         bool   // write report.html into the run's folder when it ends
}

func (f *runFlags) declare(fs *flag.FlagSet) {
	fs.Var(&f.inputs, "i", "set input `name=value` (repeatable)")
	fs.StringVar(&f.inputsFile, "inputs", "", "read inputs from a JSON object in `file`")
	fs.IntVar(&f.maxParallel, "max-parallel", runtime.DefaultMaxParallel, "run at most `n` nodes at once")
	fs.Var(&f.keepGoing, "keep-going", "after a failure, run every node that does not depend on it (default: the workflow's keep_going); --keep-going=false turns it off")
	fs.BoolVar(&f.asJSON, "json", false, "write the result and progress events as JSON")
	fs.BoolVar(&f.verbose, "v", false, "show what tasks write (a shell task's stderr), each line as it is written")
	fs.StringVar(&f.runsDir, "runs-dir", defaultRunsDir, "record runs under `dir`")
	fs.StringVar(&f.secretsDir, "secrets-dir", os.Getenv(runtime.SecretsDirEnv), "read secret NAME from `dir`/NAME (default $"+runtime.SecretsDirEnv+")")
	fs.BoolVar(&f.inheritEnv, "inherit-env", false, "give shell tasks all of wfc's environment (but its secrets), not the minimal PATH, HOME, LANG and TMPDIR")
	fs.BoolVar(&f.dryRun, "dry-run", false, "print every webhook request and shell command as it would be sent or run; send and run nothing")
	fs.StringVar(&f.serve, "serve", "", "answer webhooks with the echo server of 'wfc serve' on `addr` (loopback) while the workflow runs")
	fs.Int64Var(&f.nodeLogMiB, "node-log-mib", runtime.DefaultLogLimits.PerNode>>20, "keep at most `n` MiB of each node's log in the record")
	fs.Int64Var(&f.runLogMiB, "run-log-mib", runtime.DefaultLogLimits.PerRun>>20, "keep at most `n` MiB of the run's logs in the record")
	fs.StringVar(&f.resume, "resume", "", "resume `run` (an id, a prefix of one, or latest): reuse the outputs of its calls whose task and inputs are unchanged, run the rest")
	fs.BoolVar(&f.noCache, "no-cache", false, "run cached tasks without looking up or storing their results")
	fs.BoolVar(&f.overwriteCache, "overwrite-cache", false, "run cached tasks and store their results over the cached ones (Flyte's overwrite_cache)")
	fs.BoolVar(&f.report, "report", false, "when the run ends, write its HTML report to report.html in the run's folder (see 'wfc help report')")
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, " ") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// newRegistry returns the executors for a run, keyed by Flyte task type.
// A mode that changes how tasks execute (--dry-run) registers its
// stand-ins here, over the real ones.
func newRegistry(f *runFlags) *runtime.Registry {
	reg := runtime.NewRegistry()
	reg.Register(shell.TaskType, shell.Executor{InheritEnv: f.inheritEnv})
	reg.Register(echo.TaskType, echo.Executor{})
	reg.Register(compiler.TaskWebhook.FlyteType(), webhook.New(webhook.Options{MaxParallel: f.maxParallel}))
	return reg
}

func runRun(e *env, f *runFlags, args []string) int {
	files, wfName, code := splitArgs(e, args)
	if code != exitOK {
		return code
	}
	if f.maxParallel < 1 {
		return e.usagef("--max-parallel must be at least 1")
	}
	if f.nodeLogMiB < 1 || f.runLogMiB < 1 {
		return e.usagef("--node-log-mib and --run-log-mib must be at least 1")
	}
	if f.noCache && f.overwriteCache {
		return e.usagef("--no-cache and --overwrite-cache exclude each other")
	}
	if f.report && f.dryRun {
		return e.usagef("--report and --dry-run exclude each other: a dry run records nothing")
	}
	// One setting for the whole run (docs/performance.md, "Memory pacing"):
	// compile's soft memory limit, without which the 100,000-node run peaks
	// about 60 MB higher.
	limitMemory(files)
	l := load(files)
	if code := e.report(l, false); code != exitOK {
		return code
	}
	prog := l.program
	var resumed *runtime.RunRecord
	if f.resume != "" {
		if resumed, code = e.loadResumed(f); resumed == nil {
			return code
		}
		if wfName == "" && prog.Workflow(resumed.Header.Workflow) != nil {
			wfName = resumed.Header.Workflow
		}
	}
	var names []string
	for _, w := range prog.Workflows {
		names = append(names, w.Name)
	}
	if wfName != "" && !slices.Contains(names, wfName) {
		if fi, err := os.Stat(wfName); err == nil && fi.Mode().IsRegular() {
			return e.usagef("%s is a file, not a workflow of the program: a program's files end in .wf", wfName)
		}
	}
	// A launch plan runs its workflow with the plan's inputs.
	plan := prog.LaunchPlan(wfName)
	var wf *compiler.Workflow
	if plan == nil {
		name, code := e.chooseWorkflow(names, wfName, "run")
		if code != exitOK {
			return code
		}
		wf = prog.Workflow(name)
	}

	var doc []byte
	var err error
	if f.inputsFile != "" {
		if doc, err = readInputsFile(f.inputsFile); err != nil {
			return e.errorf("%v", err)
		}
	}
	if plan != nil {
		if name := fixedGiven(plan, f.inputs, doc); name != "" {
			return e.usagef("launch plan %s fixes input %s; it cannot be set", plan.Name, name)
		}
		wf = planWorkflow(plan)
	}
	if resumed != nil {
		if err := runtime.CheckResume(resumed, wf); err != nil {
			return e.errorf("cannot resume: %v", err)
		}
		if doc, err = resumeInputs(wf, resumed.Header.Inputs, doc); err != nil {
			return e.errorf("cannot resume run %s: %v", resumed.Header.ID, err)
		}
	}
	inputs, err := runtime.ParseInputs(wf, f.inputs, doc)
	if err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			e.errorf("%s", line)
		}
		return exitFail
	}
	if f.dryRun {
		return runDryRun(e, compiler.Inline(wf), inputs, runtime.EnvSecrets{Dir: f.secretsDir})
	}
	if !f.asJSON {
		for _, w := range resourceWarnings(wf, machineCapacity) {
			fmt.Fprintf(e.stderr, "wfc: warning: %s (wfc run ignores requests and limits)\n", w)
		}
	}
	// Shell tasks leave nothing behind (docs/cli.md, "Shell tasks"): the
	// work directories a killed wfc left go at the next run of shell
	// tasks, and where a task has no PID namespace, what it leaves running
	// comes back to this process, which kills it. Neither is needed to
	// run, so failures are ignored.
	if slices.ContainsFunc(workflowTasks(wf), func(t *compiler.Task) bool { return t.Shell != nil }) {
		runtime.RemoveStaleWorkDirs()
		shell.BecomeSubreaper()
	}
	if f.serve != "" {
		stopServe, err := startEchoServer(f.serve)
		if err != nil {
			return e.errorf("%v", err)
		}
		defer stopServe()
	}

	// Ctrl-C (or SIGTERM) cancels the run; once it has, a second Ctrl-C
	// falls through to the default handler and kills wfc at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()

	var obs runtime.Observer
	var closeObs func()
	if f.asJSON {
		j := runtime.NewJSONEvents(e.stderr)
		obs, closeObs = j, j.Close
	} else {
		live, width := terminal(e.stderr)
		p := runtime.NewProgress(e.stderr, live, width)
		p.Verbose = f.verbose
		p.Workflow = wf
		obs, closeObs = p, p.Close
	}
	opts := runtime.Options{
		Registry:    newRegistry(f),
		MaxParallel: f.maxParallel,
		KeepGoing:   f.keepGoing.value || !f.keepGoing.set && wf.KeepGoing,
		Secrets:     runtime.EnvSecrets{Dir: f.secretsDir},
		Observer:    obs,
		RunsDir:     f.runsDir,
		SourceFile:  strings.Join(files, " "),
		Source:      programText(l),
	}
	opts.LogLimits = runtime.LogLimits{PerNode: f.nodeLogMiB << 20, PerRun: f.runLogMiB << 20}
	if resumed != nil {
		opts.Resume = runtime.NewResume(resumed)
	}
	if cache := openTaskCache(e, wf, f); cache != nil {
		opts.Cache = cache
		if f.overwriteCache {
			opts.CacheMode = runtime.CacheOverwrite
		}
		defer cache.MaybeTrim()
	}
	res, runErr := runtime.Run(ctx, wf, inputs, opts)
	closeObs()
	if plan != nil {
		e.reportNotifications(plan, res.Status)
	}
	// The report is written whatever the outcome: a failed run is the one
	// a person most wants to see.
	var reportPath string
	var reportErr error
	if f.report && res.Dir != "" {
		reportPath, reportErr = writeReport(nil, res.Dir, "")
	}

	if f.asJSON {
		writeResultJSON(e, res, runErr, reportPath)
	} else if runErr == nil {
		b, err := compiler.EncodeJSON(res.Outputs)
		if err != nil {
			return e.errorf("%v", err)
		}
		var out bytes.Buffer
		json.Indent(&out, b, "", "  ")
		fmt.Fprintln(e.stdout, out.String())
	}
	if reportErr != nil {
		e.errorf("report: %v", reportErr)
	} else if reportPath != "" && !f.asJSON {
		fmt.Fprintf(e.stderr, "wfc: report: %s\n", reportPath)
	}
	switch {
	case runErr == nil && reportErr != nil:
		return exitFail
	case runErr == nil:
		return exitOK
	case runtime.IsCancelled(runErr):
		if !f.asJSON {
			e.errorf("interrupted; the run's state is recorded in %s", res.Dir)
		}
		return exitInterrupted
	}
	if !f.asJSON {
		e.errorf("%s", terminalText(runErr.Error(), res.RunID))
	}
	return exitFail
}

// maxTerminalText bounds a failed run's message on the terminal; the run
// record keeps more (a webhook's response text up to 1 MiB).
const maxTerminalText = 4 << 10

// terminalText cuts msg to maxTerminalText bytes, on a character boundary,
// and says where the rest is.
func terminalText(msg, runID string) string {
	if len(msg) <= maxTerminalText {
		return msg
	}
	n := maxTerminalText
	for n > 0 && !utf8.RuneStart(msg[n]) {
		n--
	}
	where := "the run record"
	if runID != "" {
		where = "wfc show " + runID
	}
	return fmt.Sprintf("%s…[%d more bytes: %s has the whole message]", msg[:n], len(msg)-n, where)
}

// maxInputsFile caps an --inputs file: inputs are values a workflow's
// tasks take, not data sets (a list of 100,000 records is a few MiB).
const maxInputsFile = 64 << 20

// readInputsFile reads an --inputs file, up to maxInputsFile.
func readInputsFile(path string) ([]byte, error) {
	b, err := capped.ReadFile(path, maxInputsFile)
	var tooLarge *capped.TooLargeError
	switch {
	case errors.As(err, &tooLarge):
		return nil, fmt.Errorf("--inputs: %v; an inputs file holds at most %s", err, capped.Size(maxInputsFile))
	case err != nil:
		return nil, fmt.Errorf("--inputs: %v", err)
	}
	return b, nil
}

// terminal reports whether w is a terminal, and its width.
func terminal(w any) (bool, int) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) || os.Getenv("TERM") == "dumb" {
		return false, 0
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		width = 80
	}
	return true, width
}

// writeResultJSON prints --json's result object.
func writeResultJSON(e *env, res *runtime.Result, runErr error, reportPath string) {
	type result struct {
		Run     string          `json:"run"`
		Status  runtime.Status  `json:"status"`
		Outputs json.RawMessage `json:"outputs"`
		Summary runtime.Summary `json:"summary"`
		Error   string          `json:"error,omitempty"`
		Record  string          `json:"record,omitempty"`
		Report  string          `json:"report,omitempty"` // with --report
	}
	r := result{Run: res.RunID, Status: res.Status, Outputs: json.RawMessage("null"), Summary: res.Summary, Record: res.Dir, Report: reportPath}
	if res.Outputs != nil {
		if b, err := compiler.EncodeJSON(res.Outputs); err == nil {
			r.Outputs = b
		}
	}
	if runErr != nil {
		r.Error = runErr.Error()
	}
	b, _ := json.MarshalIndent(r, "", "  ")
	fmt.Fprintln(e.stdout, string(b))
}

// boolSetting is a bool flag that knows whether it was given, so that it
// can override a setting of the program either way.
type boolSetting struct{ value, set bool }

func (b *boolSetting) String() string   { return strconv.FormatBool(b.value) }
func (b *boolSetting) IsBoolFlag() bool { return true }
func (b *boolSetting) Set(s string) error {
	v, err := strconv.ParseBool(s)
	b.value, b.set = v, true
	return err
}

// programText is the text a run record keeps of the program's files,
// imports first (runtime.ProgramText).
func programText(l *loaded) []byte {
	files := make([]runtime.ProgramFile, len(l.files))
	for i, f := range l.files {
		files[i] = runtime.ProgramFile{Name: f.Name, Text: f.Source}
	}
	return runtime.ProgramText(files)
}

// openTaskCache opens the task cache when the workflow calls a cached task
// and --no-cache is not given. A cache that cannot be opened is reported
// and the run goes on without it: the cache only saves work.
func openTaskCache(e *env, wf *compiler.Workflow, f *runFlags) *taskcache.Cache {
	if f.noCache || !usesCache(wf) {
		return nil
	}
	dir, err := taskcache.DefaultDir()
	if err == nil {
		var c *taskcache.Cache
		if c, err = taskcache.Open(dir); err == nil {
			return c
		}
	}
	fmt.Fprintf(e.stderr, "wfc: running without the task cache: %v\n", err)
	return nil
}

// usesCache reports whether a node of wf, or of a workflow it calls, runs
// a cached task.
func usesCache(wf *compiler.Workflow) bool {
	return usesCacheIn(wf, map[*compiler.Workflow]bool{})
}

func usesCacheIn(wf *compiler.Workflow, seen map[*compiler.Workflow]bool) bool {
	if seen[wf] {
		return false
	}
	seen[wf] = true
	cached := func(n *compiler.Node) bool { return n != nil && n.Task != nil && n.Task.Cache }
	if cached(wf.OnFailure) {
		return true
	}
	for _, n := range wf.Nodes {
		if cached(n) || n.Workflow != nil && usesCacheIn(n.Workflow, seen) {
			return true
		}
		if b := n.Branch; b != nil {
			for _, c := range b.Cases {
				if cached(c.Then) {
					return true
				}
			}
			if b.Else != nil && cached(b.Else.Then) {
				return true
			}
		}
	}
	return false
}

// loadResumed reads the record --resume names.
func (e *env) loadResumed(f *runFlags) (*runtime.RunRecord, int) {
	if f.dryRun {
		return nil, e.usagef("--resume and --dry-run exclude each other")
	}
	dir, err := runtime.FindRun(f.runsDir, f.resume)
	if err != nil {
		return nil, e.errorf("cannot resume: %v", err)
	}
	rec, err := runtime.LoadRun(dir)
	if err != nil {
		return nil, e.errorf("cannot resume %s: the record is unreadable: %v", f.resume, err)
	}
	return rec, exitOK
}

// resumeInputs is the inputs document of a resumed run: the inputs the
// earlier run recorded, less those the workflow no longer has, with the
// --inputs file's values over them (-i goes over both, in ParseInputs).
func resumeInputs(wf *compiler.Workflow, recorded, file []byte) ([]byte, error) {
	merged := map[string]json.RawMessage{}
	if len(recorded) > 0 {
		if err := json.Unmarshal(recorded, &merged); err != nil {
			return nil, fmt.Errorf("its recorded inputs are unreadable: %v", err)
		}
	}
	for name := range merged {
		if !slices.ContainsFunc(wf.Inputs, func(p *compiler.Param) bool { return p.Name == name }) {
			delete(merged, name)
		}
	}
	if file != nil {
		var over map[string]json.RawMessage
		if err := json.Unmarshal(file, &over); err != nil {
			return nil, fmt.Errorf("inputs file: want a JSON object of input values: %v", err)
		}
		maps.Copy(merged, over)
	}
	return json.Marshal(merged)
}
