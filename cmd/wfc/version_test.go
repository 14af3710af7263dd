package main

import (
	"runtime/debug"
	"testing"
)

func TestFormatVersion(t *testing.T) {
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	const rev = "1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d"
	for _, tc := range []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"no build info", nil, "(devel)"},
		{"release", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3"},
		{"release from a clean checkout", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}, Settings: vcs(rev, "false")}, "v1.2.3"},
		{"release tag, modified checkout", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3+dirty"}, Settings: vcs(rev, "true")}, "(devel) 1a2b3c4d-dirty"},
		{"untagged commit", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261207072726-1a2b3c4d5e6f"}, Settings: vcs(rev, "false")}, "(devel) 1a2b3c4d"},
		{"devel, dirty", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "true")}, "(devel) 1a2b3c4d-dirty"},
		{"installed at a commit", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261207072726-1a2b3c4d5e6f"}}, "v0.0.0-20261207072726-1a2b3c4d5e6f"},
		{"devel without VCS", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "(devel)"},
	} {
		if got := formatVersion(tc.info); got != tc.want {
			t.Errorf("%s: formatVersion = %q, want %q", tc.name, got, tc.want)
		}
	}
}
