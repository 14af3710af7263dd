package compiler_test

import (
	"testing"
)

// A task's definition hash follows what it computes — its body and
// interface — and not its name, documentation, position or retries.
func TestDefinitionHash(t *testing.T) {
	hash := func(src string) string {
		t.Helper()
		p, diags := checkSource(t, src)
		if diags.HasErrors() {
			t.Fatal(diags.Err())
		}
		return p.Tasks[0].DefinitionHash()
	}
	base := hash("task a(s: str) -> str {\n    shell = \"echo {inputs.s}\"\n}\n")
	if len(base) != 64 {
		t.Fatalf("hash %q", base)
	}
	same := map[string]string{
		"again":   "task a(s: str) -> str {\n    shell = \"echo {inputs.s}\"\n}\n",
		"renamed": "\n\n# Says s.\ntask b(s: str) -> str {\n    shell = \"echo {inputs.s}\"\n    retries = 3\n}\n",
	}
	for name, src := range same {
		if h := hash(src); h != base {
			t.Errorf("%s: hash changed to %s", name, h)
		}
	}
	differs := map[string]string{
		"script":  "task a(s: str) -> str {\n    shell = \"echo x{inputs.s}\"\n}\n",
		"type":    "task a(s: int) -> str {\n    shell = \"echo {inputs.s}\"\n}\n",
		"default": "task a(s: str = \"x\") -> str {\n    shell = \"echo {inputs.s}\"\n}\n",
		"webhook": "webhook a(s: str) {\n    url = \"http://127.0.0.1/{inputs.s}\"\n}\n",
	}
	for name, src := range differs {
		if h := hash(src); h == base {
			t.Errorf("%s: hash did not change", name)
		}
	}
	w1 := hash("webhook a(s: str) {\n    url = \"http://127.0.0.1/\"\n    headers = {\"A\": \"1\", \"B\": \"2\"}\n}\n")
	w2 := hash("webhook a(s: str) {\n    url = \"http://127.0.0.1/\"\n    headers = {\"B\": \"2\", \"A\": \"1\"}\n}\n")
	w3 := hash("webhook a(s: str) {\n    url = \"http://127.0.0.1/\"\n    headers = {\"A\": \"1\", \"B\": \"3\"}\n}\n")
	if w1 != w2 || w1 == w3 {
		t.Errorf("webhook headers: %s %s %s: want the first two equal (key order), the third different", w1, w2, w3)
	}
}
