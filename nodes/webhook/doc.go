// Package webhook runs wfc's "webhook" task type: it renders the task's url,
// header values and data from the call's inputs exactly as Flyte's webhook
// connector (flytekit's WebhookConnector with format_dict) does, sends one
// HTTP request and returns the connector's `info` dict.
//
// The entry point is New, which returns an Executor for the runtime's
// registry under the Flyte task type "webhook". DryRun and PlanNode render
// requests without sending them (for `wfc run --dry-run`).
//
// Every request goes through one shared http.Transport (transport.go),
// which keeps at most --max-parallel connections per host and takes
// proxies from the environment. A task's timeout bounds each phase of a
// request, as httpx's does; its deadline bounds the whole (watchdog.go).
//
// Parity with the connector is the default; the extensions (secrets, other
// methods, expect, response = "json", http_retry, rate limits, URL escaping) are
// opt-in and documented in docs/webhook.md, which also holds the table of how
// each type renders as text.
package webhook
