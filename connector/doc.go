// Package connector serves wfc's webhook executor to Flyte as a
// connector: the gRPC services flytepropeller v1.16.8 calls for task types
// it routes to a connector (flyteidl's SyncAgentService and
// AgentMetadataService, plus gRPC health).
//
// Two task types are served by the same nodes/webhook executor that
// `wfc run` uses:
//
//   - "wfc-webhook" (TaskType), the type `wfc compile` gives a webhook
//     that uses wfc's extensions (secrets, expect, response = "json",
//     other methods, http_retry, rate, escape, max_response_bytes), whose
//     settings travel in the template's custom under the keys listed in
//     docs/connector.md;
//   - "webhook" (FlyteWebhookType), only when Options.ServeWebhook is set:
//     a drop-in for flytekit's webhook connector, reading only flytekit's
//     keys and answering as flytekit does.
//
// The protocol, as propeller speaks it: one ExecuteTaskSync stream per
// task attempt carrying two parts (a header with the template, then the
// inputs), the client's send side closed, and exactly one reply holding
// header.resource with a terminal phase. A failed task — a status not
// accepted, a timeout, a render error — is a reply with phase FAILED (or
// RETRYABLE_FAILED for a wfc-webhook failure another attempt could fix)
// and the message wfc run gives; gRPC errors are for requests that are
// not a task this connector can run (InvalidArgument, NotFound).
//
// Secrets ({secrets.NAME}) come from the connector's own environment and
// secrets directory, never from the task, and each may be sent only where
// its allowlist says (secrets.go).
package connector
