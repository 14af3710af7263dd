package webhook

import (
	"net/url"
	"slices"
)

// DestinationChecker is implemented by a secret source that limits where
// its secrets may be sent: wfc connector's per-secret allowlists, since a
// connector's secrets are shared by everyone who can register a task.
// When a call's secret source implements it, Execute asks it about the
// request's url once the request is built — after rendering, before the
// rate limiter and before anything is sent — naming every secret the call
// resolved. A refusal fails the call for good; its message is redacted
// like any other, so a secret written into the url shows as ***.
type DestinationChecker interface {
	CheckDestination(u *url.URL, secrets []string) error
}

// checkDestination applies call.Secrets' allowlists, if it has any, to
// the url req is about to be sent to.
func checkDestination(src any, u *url.URL, secrets map[string]string) error {
	dc, ok := src.(DestinationChecker)
	if !ok || len(secrets) == 0 {
		return nil
	}
	names := make([]string, 0, len(secrets))
	for n := range secrets {
		names = append(names, n)
	}
	slices.Sort(names)
	if err := dc.CheckDestination(u, names); err != nil {
		return &Error{Msg: "Webhook " + err.Error() + " (nothing was sent)", final: true, cause: err}
	}
	return nil
}
