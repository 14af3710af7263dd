package runtime

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/runtime/taskcache"
)

// CacheMode says how a run uses the task cache.
type CacheMode uint8

const (
	CacheUse       CacheMode = iota // look up cached tasks, store their results
	CacheOff                        // neither look up nor store (--no-cache)
	CacheOverwrite                  // run every task, store the results over the old (Flyte's overwrite_cache)
)

// CacheSource is where a node's reused outputs came from: the run and node
// that computed them.
type CacheSource struct {
	Run  string `json:"run"`
	Node string `json:"node"`
}

// taskResult is what running, or reusing, one task call produced.
type taskResult struct {
	st       uint8
	outs     map[string]any
	attempts []AttemptRecord
	err      error
	from     *CacheSource // the outputs were reused
	node     string       // the node that made the call, for cache_serialize's waiters
}

// callTask runs a task call (a task node, a map item, a conditional's
// call). A resumed run first reuses the resumed run's outputs of the same
// call (see Resume). Then, for a cached task, the task cache: a hit reuses
// the stored outputs and runs nothing; a miss runs the task and stores
// what it returned. With cache_serialize, concurrent identical misses run once:
// within this process the others wait in a singleflight group, across
// processes on the key's file lock, and then find the result in the cache.
func (r *run) callTask(node *compiler.Node, exec int, inputs map[string]any, first time.Time) taskResult {
	task := node.Task
	if res, ok := r.reuse(exec, task, inputs); ok {
		r.cacheHits.Add(1)
		return res
	}
	if r.opts.Cache == nil || r.opts.CacheMode == CacheOff || !task.Cache {
		return r.tryTask(node, exec, inputs, first)
	}
	key, err := taskcache.KeyOf(task, inputs)
	if err != nil {
		return r.tryTask(node, exec, inputs, first) // an unencodable input: run uncached
	}
	if !task.CacheSerialize {
		if res, ok := r.cacheGet(key, task); ok {
			r.cacheHits.Add(1)
			return res
		}
		res := r.tryTask(node, exec, inputs, first)
		r.cachePut(key, node, res)
		return res
	}
	led := false
	v, _, _ := r.flight.Do(key.String(), func() (any, error) {
		led = true
		if res, ok := r.cacheGet(key, task); ok {
			return res, nil
		}
		unlock, err := r.opts.Cache.Lock(r.ctx, key)
		switch {
		case err != nil && r.ctx.Err() != nil:
			return taskResult{st: stCancelled, err: err}, nil
		case err != nil:
			// No lock file (a read-only cache): serialise within this
			// process only.
			unlock = func() {}
		}
		defer unlock()
		// Another process may have finished the call while we waited.
		if res, ok := r.cacheGet(key, task); ok {
			return res, nil
		}
		res := r.tryTask(node, exec, inputs, first)
		r.cachePut(key, node, res)
		return res, nil
	})
	res := v.(taskResult)
	if !led && res.from == nil {
		// Another node of this run made the call: its outputs are reused
		// as a cache hit would reuse them; its attempts are its own.
		if res.st != stSucceeded {
			// Its failure is not ours to report: make the call ourselves.
			return r.tryTask(node, exec, inputs, first)
		}
		res = taskResult{st: stSucceeded, outs: res.outs, from: &CacheSource{Run: r.id, Node: res.node}}
	}
	if res.from != nil {
		r.cacheHits.Add(1)
	}
	return res
}

func (r *run) tryTask(node *compiler.Node, exec int, inputs map[string]any, first time.Time) taskResult {
	st, outs, attempts, err := r.try(&nodeRun{}, node, exec, inputs, first)
	return taskResult{st: st, outs: outs, attempts: attempts, err: err, node: node.ID}
}

// cacheGet looks key up. An entry whose outputs no longer decode as the
// task's output types is a miss.
func (r *run) cacheGet(key taskcache.Key, task *compiler.Task) (taskResult, bool) {
	if r.opts.CacheMode == CacheOverwrite {
		return taskResult{}, false
	}
	e, ok := r.opts.Cache.Get(key)
	if !ok || len(e.Outputs) != len(task.Outputs) {
		return taskResult{}, false
	}
	outs, ok := r.decodeOutputs(e.Outputs, task)
	if !ok {
		return taskResult{}, false
	}
	return taskResult{st: stSucceeded, outs: outs, from: &CacheSource{Run: e.Run, Node: e.Node}}, true
}

// decodeOutputs decodes task's outputs from what a cache entry or an
// earlier run recorded; a missing output, or one that no longer decodes as
// its type, makes them unusable.
func (r *run) decodeOutputs(recorded map[string]json.RawMessage, task *compiler.Task) (map[string]any, bool) {
	outs := make(map[string]any, len(task.Outputs))
	for _, p := range task.Outputs {
		raw, ok := recorded[p.Name]
		if !ok {
			return nil, false
		}
		v, err := r.decodeReused(raw, p.Type)
		if err != nil {
			return nil, false
		}
		outs[p.Name] = v
	}
	return outs, true
}

// cachePut stores a successful call's outputs. A store that fails is
// reported and otherwise ignored: the cache only saves work, and the run's
// own record has the outputs.
func (r *run) cachePut(key taskcache.Key, node *compiler.Node, res taskResult) {
	if res.st != stSucceeded || res.from != nil {
		return
	}
	e := &taskcache.Entry{
		Task: node.Task.Name, Version: node.Task.EffectiveCacheVersion(),
		Run: r.id, Node: node.ID, Time: time.Now().UTC(),
		Outputs: make(map[string]json.RawMessage, len(res.outs)),
	}
	for name, v := range res.outs {
		b, err := compiler.EncodeJSON(v)
		if err != nil {
			return
		}
		e.Outputs[name] = b
	}
	if err := r.opts.Cache.Put(key, e); err != nil {
		r.emit(Event{Kind: NodeLog, Node: node, Line: r.redact.String(fmt.Sprintf("not cached: %v", err))})
	}
}

// decodeReused decodes a reused output. Its files and directories are
// paths into the run that made them: each is copied into this run's store,
// and one that is gone (that run was pruned) makes the output unusable, a
// miss.
func (r *run) decodeReused(raw []byte, t *compiler.Type) (any, error) {
	v, err := compiler.DecodeJSON(raw, t)
	if err != nil || !t.HasBlob() {
		return v, err
	}
	return r.blobs.StoreBlobs(v, t)
}
