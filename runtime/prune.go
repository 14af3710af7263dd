package runtime

import (
	"fmt"
	"os"
	"time"
)

// PruneRuns removes run records under runsDir: every finished run but the
// newest keep (keep < 0 keeps all), and every one that started before
// cutoff (a zero cutoff removes none by age). Runs in progress are neither
// removed nor counted. It returns the ids it removed.
func PruneRuns(runsDir string, keep int, cutoff time.Time) ([]string, error) {
	runs, err := ListRuns(runsDir)
	if err != nil {
		return nil, err
	}
	var removed []string
	finished := 0
	for _, r := range runs { // newest first
		if r.Status == StatusRunning {
			continue
		}
		finished++
		tooMany := keep >= 0 && finished > keep
		tooOld := !cutoff.IsZero() && r.Header.Started.Before(cutoff)
		if !tooMany && !tooOld {
			continue
		}
		if err := os.RemoveAll(r.Dir); err != nil {
			return removed, fmt.Errorf("removing run %s: %v", r.Header.ID, err)
		}
		removed = append(removed, r.Header.ID)
	}
	return removed, nil
}
