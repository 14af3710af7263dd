package lsp

// fieldDocs says what each task field means, by task kind and field, for
// hover and completion; docs/language.md and docs/webhook.md hold the full
// story. A test checks that every field the compiler accepts is here.
var fieldDocs = map[string]map[string]string{
	"task": {
		"shell":               "required; the command, run by /bin/sh -c, with {inputs.x} placeholders",
		"image":               "the container image on Flyte (default: wfc compile --image)",
		"description":         "appended to the doc comment",
		"retries":             "extra attempts after a failure (0–100)",
		"timeout":             "per attempt",
		"cache":               "cache the task's results, locally and on Flyte (discoverable)",
		"cache_version":       "the version the cache is keyed on (Flyte's discoveryVersion); default: a hash of the task's definition",
		"cache_serialize":     "concurrent identical calls run once, the others wait for its result (Flyte's cacheSerializable)",
		"cache_ignore_inputs": "inputs left out of the cache key (Flyte's cacheIgnoreInputVars)",
		"env":                 "the script's own environment variables, {\"REGION\": \"eu\"}",
		"secrets":             "secrets the script reads as variables, [\"TOKEN\"]",
		"requests":            "CPU, memory, GPU and ephemeral storage requested on Flyte, {cpu = \"500m\", mem = \"1Gi\"}",
		"limits":              "CPU, memory, GPU and ephemeral storage limits on Flyte, {cpu = \"1\", mem = \"2Gi\"}",
	},
	"echo": {
		"description": "appended to the doc comment",
	},
	"webhook": {
		"url":                 "required; http:// or https://, with {inputs.x} and {secrets.NAME} placeholders",
		"method":              "GET or POST (default POST)",
		"headers":             "request headers",
		"data":                "GET: query parameters; POST: the JSON body",
		"show_data":           "add input_data (the rendered data) to info",
		"show_url":            "add url (the rendered url) to info",
		"timeout":             "bounds each phase of a request; default 10s",
		"description":         "appended to the doc comment",
		"retries":             "extra attempts",
		"expect":              "extension: the statuses that succeed (default 200 only)",
		"response":            "extension: \"json\" also parses the body into info.response",
		"escape":              "extension: URL-escape every input substituted into the url",
		"max_response_bytes":  "extension: the body cap (default 10 MiB)",
		"rate":                "extension: a per-host request rate limit, \"10/s\"",
		"http_retry":          "extension: retry only connection errors and 429, 502, 503, 504, honouring Retry-After",
		"deadline":            "extension: bounds the whole attempt (default 10s, or the timeout when longer)",
		"cache":               "cache the task's results, locally and on Flyte (discoverable)",
		"cache_version":       "the version the cache is keyed on; default: a hash of the task's definition",
		"cache_serialize":     "concurrent identical calls run once, the others wait for its result",
		"cache_ignore_inputs": "inputs left out of the cache key",
	},
}

// settingDocs says what the other settings mean: a workflow's and a map's
// `with { … }`, a launch plan's fields, a shell task's requests and limits.
var settingDocs = map[string]string{
	"on_failure":        "a task that runs when the workflow fails (Flyte's failure node); it takes the workflow's inputs, and optionally err: error?",
	"keep_going":        "run every node that does not depend on a failure before the workflow fails (Flyte's FAIL_AFTER_EXECUTABLE_NODES_COMPLETE)",
	"concurrency":       "at most N items of the map at once; 0: unbounded",
	"min_success_ratio": "the map succeeds when at least ⌈F × items⌉ succeed (0 ≤ F ≤ 1)",
	"min_successes":     "the map succeeds when at least N items succeed",
	"fixed":             "the workflow's inputs whose values a launch cannot change, {input = value}",
	"defaults":          "inputs whose defaults replace the workflow's, {input = value}",
	"schedule":          "a cron expression, or a fixed rate written as a duration (1h, 90m)",
	"kickoff_input":     "a datetime input Flyte's scheduler sets to the scheduled time; cron schedules only",
	"notify":            "a list of {\"on\": [phases], \"email\" | \"slack\" | \"pagerduty\": [recipients]}",
	"labels":            "Flyte labels of the launch plan's executions, a dict of strings",
	"annotations":       "Flyte annotations of the launch plan's executions, a dict of strings",
	"max_parallelism":   "at most this many nodes of an execution run at once on Flyte",
	"cpu":               "CPU, as Kubernetes writes it: \"500m\", \"2\"",
	"mem":               "memory, as Kubernetes writes it: \"512Mi\", \"1Gi\"",
	"gpu":               "GPUs: \"1\"",
	"ephemeral_storage": "local disk, as Kubernetes writes it: \"10Gi\"",
}
