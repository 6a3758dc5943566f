package addr

import "testing"

func TestMaxUDPPayloadFollowsFamily(t *testing.T) {
	for a, want := range map[string]int{"127.0.0.1:9": 65507, "[::1]:9": 65527, "[::ffff:127.0.0.1]:9": 65507, "localhost:9": 65507, "::1": 65527} {
		if got := MaxUDPPayload(a); got != want {
			t.Errorf("MaxUDPPayload(%q) = %d; want %d", a, got, want)
		}
	}
}
