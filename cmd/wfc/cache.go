package main

import (
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/wfc-lang/wfc/runtime/taskcache"
)

var cacheCommand = &command{
	name:    "cache",
	usage:   "wfc cache [--json] ls | clear | trim [--age DURATION]",
	summary: "list, clear or trim the task cache",
	help: `
Cache manages the results of cached tasks (cache = true) that 'wfc run'
keeps in $WFC_CACHE (default: wfc under the user's cache directory).

  ls     list the entries: task, cache version, the run and node that
         computed each, when it was stored, its size
  clear  remove every entry
  trim   remove the entries not used for --age (default 120h); 'wfc run'
         does this by itself once a day

An entry that cannot be read whole shows as "unreadable" and is a miss.`,
	flags: func(fs *flag.FlagSet) func(*env, []string) int {
		asJSON := fs.Bool("json", false, "write the list as JSON")
		age := fs.Duration("age", taskcache.DefaultTrimAge, "trim: remove entries unused for `duration`")
		return func(e *env, args []string) int {
			if len(args) != 1 {
				return e.usagef("want one of ls, clear, trim")
			}
			dir, err := taskcache.DefaultDir()
			if err != nil {
				return e.errorf("%v", err)
			}
			c, err := taskcache.Open(dir)
			if err != nil {
				return e.errorf("%v", err)
			}
			switch args[0] {
			case "ls":
				return cacheList(e, c, *asJSON)
			case "clear":
				n, err := c.Clear()
				if err != nil {
					return e.errorf("%v", err)
				}
				fmt.Fprintf(e.stderr, "removed %d entries from %s\n", n, c.Dir())
			case "trim":
				if *age <= 0 {
					return e.usagef("--age must be positive")
				}
				n, err := c.Trim(*age)
				if err != nil {
					return e.errorf("%v", err)
				}
				fmt.Fprintf(e.stderr, "removed %d entries unused for %s from %s\n", n, *age, c.Dir())
			default:
				return e.usagef("unknown cache command %q: want ls, clear or trim", args[0])
			}
			return exitOK
		}
	},
}

func cacheList(e *env, c *taskcache.Cache, asJSON bool) int {
	infos, err := c.List()
	if err != nil {
		return e.errorf("%v", err)
	}
	if asJSON {
		type item struct {
			Key     string    `json:"key"`
			Task    string    `json:"task,omitempty"`
			Version string    `json:"cache_version,omitempty"`
			Run     string    `json:"run,omitempty"`
			Node    string    `json:"node,omitempty"`
			Stored  time.Time `json:"stored,omitzero"`
			Used    time.Time `json:"used"`
			Size    int64     `json:"size"`
			Error   string    `json:"error,omitempty"`
		}
		items := []item{}
		for _, i := range infos {
			it := item{Key: i.Key, Task: i.Task, Version: i.Version, Run: i.Run, Node: i.Node, Stored: i.Time, Used: i.Used, Size: i.Size}
			if i.Err != nil {
				it.Error = i.Err.Error()
			}
			items = append(items, it)
		}
		return writeJSON(e, items)
	}
	if len(infos) == 0 {
		fmt.Fprintf(e.stderr, "no entries in %s\n", c.Dir())
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TASK\tVERSION\tRUN\tNODE\tSTORED\tSIZE\tKEY")
	for _, i := range infos {
		if i.Err != nil {
			fmt.Fprintf(tw, "unreadable\t-\t-\t-\t-\t%d\t%.16s (%v)\n", i.Size, i.Key, i.Err)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%.16s\n", i.Task, i.Version, i.Run, i.Node,
			i.Time.Local().Format("2006-01-02 15:04:05"), i.Size, i.Key)
	}
	tw.Flush()
	return exitOK
}
