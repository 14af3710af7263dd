package main

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/wfc-lang/wfc/compiler"
	"github.com/wfc-lang/wfc/lang"
)

var scheduleCommand = &command{
	name:    "schedule",
	usage:   "wfc schedule [-n 5] [--from TIME] FILE.wf... [PLAN]",
	summary: "print the next times scheduled launch plans fire",
	help: `
Schedule checks the program and prints, for PLAN or for every launch plan
with a schedule, the next -n times Flyte's scheduler would launch it, in
UTC, so a person can see what a cron expression means. Times are counted
from now, or from --from. A fixed rate counts from when the plan is
activated on Flyte; its times are shown from now (or --from).`,
	flags: func(fs *flag.FlagSet) func(*env, []string) int {
		n := fs.Int("n", 5, "how many fire times to print")
		from := fs.String("from", "", "count from this RFC 3339 `time` instead of now")
		return func(e *env, args []string) int {
			now := time.Now().UTC()
			if *from != "" {
				t, err := time.Parse(time.RFC3339, *from)
				if err != nil {
					return e.usagef("--from: want an RFC 3339 time such as 2024-05-01T00:00:00Z: %v", err)
				}
				now = t.UTC()
			}
			if *n < 1 || *n > 1000 {
				return e.usagef("-n must be between 1 and 1000")
			}
			files, planName, code := splitArgs(e, args)
			if code != exitOK {
				return code
			}
			prog, code := e.loadProgram(files)
			if code != exitOK {
				return code
			}
			var plans []*compiler.LaunchPlan
			for _, lp := range prog.LaunchPlans {
				if lp.Schedule != nil && (planName == "" || lp.Name == planName) {
					plans = append(plans, lp)
				}
			}
			if planName != "" && len(plans) == 0 {
				if prog.LaunchPlan(planName) != nil {
					return e.errorf("launch plan %s has no schedule", planName)
				}
				var names []string
				for _, lp := range prog.LaunchPlans {
					names = append(names, lp.Name)
				}
				msg := fmt.Sprintf("no launch plan %q", planName)
				if s := lang.Suggest(planName, names); s != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", s)
				}
				return e.usagef("%s", msg)
			}
			if len(plans) == 0 {
				return e.errorf("no launch plan of the program has a schedule")
			}
			for i, lp := range plans {
				if i > 0 {
					fmt.Fprintln(e.stdout)
				}
				fmt.Fprintf(e.stdout, "%s (%s)\n", lp.Name, scheduleText(lp.Schedule))
				for _, t := range fireTimes(lp.Schedule, now, *n) {
					fmt.Fprintf(e.stdout, "  %s\n", t.Format("2006-01-02 15:04 Mon MST"))
				}
			}
			return exitOK
		}
	},
}

func scheduleText(s *compiler.Schedule) string {
	if s.Cron != "" {
		return "cron " + s.Cron
	}
	text := strings.TrimSuffix(s.Rate.String(), "0s") // whole minutes: "1h30m0s"
	if strings.HasSuffix(text, "h0m") {
		text = strings.TrimSuffix(text, "0m")
	}
	return "every " + text
}

// fireTimes returns the next n times after now that s fires.
func fireTimes(s *compiler.Schedule, now time.Time, n int) []time.Time {
	out := make([]time.Time, 0, n)
	if s.Cron == "" {
		for t := now.Add(s.Rate); len(out) < n; t = t.Add(s.Rate) {
			out = append(out, t)
		}
		return out
	}
	sched, _, err := compiler.ParseCron(s.Cron)
	if err != nil { // the checker accepted it
		return nil
	}
	for t := sched.Next(now); len(out) < n && !t.IsZero(); t = sched.Next(t) {
		out = append(out, t)
	}
	return out
}
