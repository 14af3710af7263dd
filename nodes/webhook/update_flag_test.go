package webhook

import "flag"

// This package has no golden files, but it accepts -update so that
// 'go test ./... -update' (which refreshes those of other packages) runs
// across the whole module.
var _ = flag.Bool("update", false, "refresh golden files (none in this package)")
