package compiler

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/wfc-lang/wfc/lang"
)

// A schedule must be accepted by both flyteadmin, which parses it with
// robfig/cron's ParseStandard (five fields, @descriptors, and @every and
// TZ= prefixes), and flytekit, which checks it with croniter or its alias
// list (five or six fields, @hourly and bare hourly, …): so exactly their
// common set — five fields, or one of the descriptors both know.
var cronDescriptors = []string{"@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually"}

var cronFieldNames = []string{"minute", "hour", "day of month", "month", "day of week"}

// ParseCron parses a schedule of the common set; the error of a bad field
// names it, and field is its index (-1 when the whole expression is bad).
func ParseCron(expr string) (s cron.Schedule, field int, err error) {
	switch {
	case strings.HasPrefix(expr, "@"):
		for _, d := range cronDescriptors {
			if expr == d {
				s, err := cron.ParseStandard(expr)
				return s, -1, err
			}
		}
		return nil, -1, fmt.Errorf("unknown descriptor %s; Flyte and flytekit both take %s", expr, strings.Join(cronDescriptors, " "))
	case strings.HasPrefix(expr, "TZ=") || strings.HasPrefix(expr, "CRON_TZ="):
		return nil, -1, fmt.Errorf("a time zone prefix is refused by flytekit; Flyte's schedules run in UTC")
	}
	fields := strings.Fields(expr)
	if len(fields) != 5 {
		return nil, -1, fmt.Errorf("a cron schedule has 5 fields (minute hour day-of-month month day-of-week), not %d", len(fields))
	}
	for i, f := range fields {
		probe := []string{"*", "*", "*", "*", "*"}
		probe[i] = f
		if _, err := cron.ParseStandard(strings.Join(probe, " ")); err != nil {
			return nil, i, fmt.Errorf("bad %s field %q: %v", cronFieldNames[i], f, err)
		}
	}
	s, err = cron.ParseStandard(expr)
	return s, -1, err
}

// schedule checks schedule = "cron" or schedule = <duration>.
func (c *checker) schedule(f *lang.PlanField) *Schedule {
	e := planValue(c, f)
	switch e := e.(type) {
	case nil:
		return nil
	case *lang.StringLit:
		_, field, err := ParseCron(e.Value)
		if err != nil {
			r := lang.RangeOf(e)
			if field >= 0 && !strings.HasPrefix(e.Raw, `"""`) && !strings.Contains(e.Raw, `\`) {
				r = e.RawRange(fieldOffset(e.Raw, field))
			}
			d := c.diags.Errorf(r, "schedule: %v", err)
			d.Hint = `for example "0 3 * * *" (03:00 UTC daily), "*/15 * * * *", or a fixed rate such as 1h`
			return nil
		}
		return &Schedule{Cron: e.Value}
	case *lang.NumberLit:
		if e.Duration == "" || e.Neg {
			break
		}
		if d := e.DurationValue; d < time.Minute || d%time.Minute != 0 {
			c.diags.Errorf(lang.RangeOf(e), "a fixed-rate schedule is a whole number of minutes, at least 1m, not %s", d).Hint = "Flyte's FixedRate counts minutes, hours or days"
			return nil
		}
		return &Schedule{Rate: e.DurationValue}
	}
	c.diags.Errorf(lang.RangeOf(e), "schedule is a cron expression in a string or a fixed rate").Hint = `write schedule = "0 3 * * *" or schedule = 1h`
	return nil
}

// fieldOffset returns the byte range of field i of the quoted cron text.
func fieldOffset(raw string, i int) (int, int) {
	k := 1 // past the quote
	for n := 0; ; n++ {
		for k < len(raw)-1 && raw[k] == ' ' {
			k++
		}
		start := k
		for k < len(raw)-1 && raw[k] != ' ' {
			k++
		}
		if n == i {
			return start, k
		}
	}
}
