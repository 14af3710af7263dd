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
