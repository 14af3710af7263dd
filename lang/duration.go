package lang

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseDuration reads a duration written in Go's syntax (10s, 1m30s,
// 250ms). It decides for every way a duration comes in — literals in
// source, -i arguments, input files, task outputs — so they all accept the
// same ones. A duration is never negative: it is how long something takes
// or waits.
func ParseDuration(s string) (time.Duration, error) {
	if strings.HasPrefix(s, "-") {
		return 0, errors.New("a duration cannot be negative")
	}
	d, err := time.ParseDuration(s)
	if err == nil {
		return d, nil
	}
	if n := scanDuration([]byte(s)); n > 0 && n == len(s) {
		return 0, fmt.Errorf("duration %s is out of range", s)
	}
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return 0, fmt.Errorf("cannot parse %s as duration (write it like 10s or 1m30s)", strconv.Quote(s))
}
