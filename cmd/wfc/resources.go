package main

import (
	"bufio"
	"fmt"
	"os"
	goruntime "runtime"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/wfc-lang/wfc/compiler"
)

// resourceWarnings says which shell tasks of wf ask for more CPU or memory
// than this machine has, as capacity tells; it asks only when some task
// sets either. wfc run ignores requests and limits otherwise: a task runs
// here as a process, not a pod; the warning tells that it may run slower
// here, or not at all, than on Flyte.
func resourceWarnings(wf *compiler.Workflow, capacity func() (cpus int, memBytes int64)) []string {
	type asks struct {
		task     *compiler.Task
		cpu, mem string
	}
	var tasks []asks
	seen := map[*compiler.Task]bool{}
	for _, t := range workflowTasks(wf) {
		if seen[t] || t.Shell == nil {
			continue
		}
		seen[t] = true
		a := asks{t, effectiveRequest(t.Shell.Requests.CPU, t.Shell.Limits.CPU), effectiveRequest(t.Shell.Requests.Memory, t.Shell.Limits.Memory)}
		if a.cpu != "" || a.mem != "" {
			tasks = append(tasks, a)
		}
	}
	if len(tasks) == 0 {
		return nil
	}
	cpus, memBytes := capacity()
	var out []string
	for _, a := range tasks {
		if q, ok := quantity(a.cpu); ok && q.MilliValue() > int64(cpus)*1000 {
			out = append(out, fmt.Sprintf("task %s asks for %s CPU; this machine has %d", a.task.Name, a.cpu, cpus))
		}
		if q, ok := quantity(a.mem); ok && memBytes > 0 && q.Value() > memBytes {
			out = append(out, fmt.Sprintf("task %s asks for %s of memory; this machine has %s",
				a.task.Name, a.mem, resource.NewQuantity(memBytes, resource.BinarySI).String()))
		}
	}
	return out
}

// quantity parses a quantity the checker accepted; "" is none.
func quantity(s string) (*resource.Quantity, bool) {
	q, err := resource.ParseQuantity(s)
	return &q, s != "" && err == nil
}

// effectiveRequest is what Kubernetes schedules a container by: its
// request, or its limit when only that is set.
func effectiveRequest(request, limit string) string {
	if request != "" {
		return request
	}
	return limit
}

// workflowTasks lists the tasks wf's nodes call, in node order: those of
// its nodes, of its branches' cases, of the workflows they call and its
// failure handler.
func workflowTasks(wf *compiler.Workflow) []*compiler.Task {
	var out []*compiler.Task
	add := func(n *compiler.Node) {
		switch {
		case n.Task != nil:
			out = append(out, n.Task)
		case n.Workflow != nil:
			out = append(out, workflowTasks(n.Workflow)...)
		}
	}
	for _, n := range wf.Nodes {
		add(n)
		if n.Branch != nil {
			for _, m := range n.Branch.Calls() {
				add(m)
			}
		}
	}
	if wf.OnFailure != nil {
		add(wf.OnFailure)
	}
	return out
}

// machineCapacity returns this machine's CPUs and, where /proc/meminfo
// says, its memory in bytes (0 when unknown).
func machineCapacity() (cpus int, memBytes int64) {
	cpus = goruntime.NumCPU()
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return cpus, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// MemTotal:       16318084 kB
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err == nil {
				return cpus, kb << 10
			}
		}
	}
	return cpus, 0
}
