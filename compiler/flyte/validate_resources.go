package flyte

import (
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/wfc-lang/wfc/compiler/flyte/internal/idl/core"
	"github.com/wfc-lang/wfc/lang"
)

// resources applies flytepropeller's and flyteadmin's rules to a
// container's resources: every value parses as a Kubernetes quantity, no
// name appears twice in requests or in limits, a GPU count is whole and
// equal in both, and for CPU, memory and ephemeral storage a limit is at
// least its request (flyteadmin compares Quantity.Value(), rounded up).
func (v *validator) resources(r lang.Range, task string, res *core.Resources) {
	parse := func(which string, entries []*core.Resources_ResourceEntry) map[core.Resources_ResourceName]resource.Quantity {
		out := map[core.Resources_ResourceName]resource.Quantity{}
		for _, e := range entries {
			q, err := resource.ParseQuantity(e.GetValue())
			if err != nil {
				v.errorf(r, "task %s: %s %s = %q is not a Kubernetes quantity", task, which, e.GetName(), e.GetValue())
				continue
			}
			if _, dup := out[e.GetName()]; dup {
				v.errorf(r, "task %s: %s names %s twice", task, which, e.GetName())
			}
			if e.GetName() == core.Resources_GPU && q.MilliValue()%1000 != 0 {
				v.errorf(r, "task %s: %s GPU = %s is not a whole number", task, which, e.GetValue())
			}
			out[e.GetName()] = q
		}
		return out
	}
	req := parse("requests", res.GetRequests())
	lim := parse("limits", res.GetLimits())
	for name, l := range lim {
		q, ok := req[name]
		if !ok {
			continue
		}
		switch name {
		case core.Resources_GPU:
			if q.Cmp(l) != 0 {
				v.errorf(r, "task %s: GPU request %s differs from its limit %s", task, q.String(), l.String())
			}
		case core.Resources_CPU, core.Resources_MEMORY, core.Resources_EPHEMERAL_STORAGE:
			if q.Value() > l.Value() {
				v.errorf(r, "task %s: %s request %s exceeds its limit %s", task, name, q.String(), l.String())
			}
		}
	}
}

// secrets checks what Flyte's secret injection needs: a group and a key
// for each secret. Neither Flyte's compiler nor flyteadmin checks env_var
// (flytekit does; the checker applies its rule to a shell task's secrets).
func (v *validator) secrets(r lang.Range, task string, sc *core.SecurityContext) {
	for _, s := range sc.GetSecrets() {
		if s.GetGroup() == "" || s.GetKey() == "" {
			v.errorf(r, "task %s: a secret needs a group and a key (group %q, key %q)", task, s.GetGroup(), s.GetKey())
		}
	}
}
