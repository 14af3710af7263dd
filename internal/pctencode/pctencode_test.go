package pctencode

import "testing"

func TestUnreserved(t *testing.T) {
	for in, want := range map[string]string{
		"":             "",
		"aZ09-._~":     "aZ09-._~",
		"a b/c?d=e&f":  "a%20b%2Fc%3Fd%3De%26f",
		"p\u00e4ss":    "p%C3%A4ss",
		"!'()*+,;:@%#": "%21%27%28%29%2A%2B%2C%3B%3A%40%25%23",
	} {
		if got := Unreserved(in); got != want {
			t.Errorf("Unreserved(%q) = %q, want %q", in, got, want)
		}
	}
}
