#!/usr/bin/env bash
# Interop checks against peers no one here wrote, on 127.0.0.1 only:
# openssl s_client / s_server and ncat --ssl against our serve, send and
# relay, and socat's EXEC:'tr a-z A-Z' (answers at end of input) against
# send --half-close. Each check prints PASS or FAIL; the script fails if any
# check fails. Tools that are missing are reported and their checks
# skipped (scripts/deps.sh installs them).
#
#   scripts/interop-tls.sh
set -uo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d "${TMPDIR:-/tmp}/interop-tls.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
have() { command -v "$1" >/dev/null 2>&1 || { echo "SKIP checks that need $1 (not installed)"; return 1; }; }

echo "interop: building the CLI"
CGO_ENABLED=0 go build -o "$work/cli" ./cmd/sockettester-cli || exit 1
cli=$work/cli

# free_port prints a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  echo "interop: no free port found" >&2
  exit 1
}

# wait_for FILE TEXT: wait up to 10 s for TEXT to appear in FILE.
wait_for() {
  for _ in $(seq 200); do
    grep -qF -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}

# wait_port PORT: wait up to 10 s for something to listen on 127.0.0.1:PORT,
# without connecting (a server that serves one client would take the probe
# for it).
wait_port() {
  for _ in $(seq 200); do
    ss -Hltn "sport = :$1" | grep -q . && return 0
    sleep 0.05
  done
  return 1
}

# start_listener NAME CMD...: run a listening command of ours in the
# background; its first line ("listening tcp ADDR ...") gives the address,
# set in $addr.
start_listener() {
  local name=$1
  shift
  "$@" >"$work/$name.out" 2>&1 &
  pids+=($!)
  wait_for "$work/$name.out" "listening tcp " || { cat "$work/$name.out"; return 1; }
  addr=$(awk 'NR==1 {print $3}' "$work/$name.out")
}

# sclient ADDR CAFILE LINE: connect openssl s_client (verifying against
# CAFILE), send LINE, and wait for LINE_BACK (default LINE) in what it
# prints; stderr holds its report.
sclient() {
  local dir
  dir=$(mktemp -d "$work/sclient.XXXXXX")
  mkfifo "$dir/in"
  openssl s_client -connect "$1" -CAfile "$2" -verify_return_error -brief -ign_eof <"$dir/in" >"$dir/out" 2>"$dir/err" &
  local pid=$!
  exec 3>"$dir/in"
  printf '%s\n' "$3" >&3
  local ok=0
  wait_for "$dir/out" "${4:-$3}" || ok=1
  exec 3>&-
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  grep -q "Verification: OK" "$dir/err" || ok=1
  [ $ok -eq 0 ] || { echo "  s_client out: $(cat "$dir/out")"; echo "  s_client err: $(cat "$dir/err")"; }
  return $ok
}

if have openssl; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
    -days 2 -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null

  # 1. openssl s_client against serve --tls with its generated certificate.
  start_listener serve-gen "$cli" serve --tcp 127.0.0.1:0 --tls --save-cert "$work/gen.pem"
  gen_addr=$addr
  if sclient "$gen_addr" "$work/gen.pem" "hello from s_client"; then
    pass "openssl s_client -> serve --tls (generated certificate, verified, echoed)"
  else
    fail "openssl s_client -> serve --tls"
  fi

  # 1b. an s_client that does not trust the certificate is one clear line.
  openssl s_client -connect "$gen_addr" -verify_return_error -brief </dev/null >/dev/null 2>&1
  if wait_for "$work/serve-gen.out" "the client broke off the handshake"; then
    pass "openssl s_client rejecting the certificate -> serve --tls logs why"
  else
    fail "openssl s_client rejecting the certificate: $(tail -2 "$work/serve-gen.out")"
  fi

  # 2. send --tls against openssl s_server -rev (reverses each line).
  port=$(free_port)
  openssl s_server -accept "127.0.0.1:$port" -cert "$work/cert.pem" -key "$work/key.pem" -rev >"$work/s_server.out" 2>&1 &
  pids+=($!)
  wait_port "$port"
  out=$("$cli" send --tcp "127.0.0.1:$port" --tls --ca "$work/cert.pem" --half-close --wait 5s 'hello\n' 2>"$work/send.err")
  if [ "$out" = "olleh" ] && grep -q "verified" "$work/send.err"; then
    pass "send --tls --ca -> openssl s_server -rev"
  else
    fail "send --tls -> openssl s_server -rev: got '$out': $(cat "$work/send.err")"
  fi

  # 3. serve --tls with openssl's certificate and key, send verifying it.
  start_listener serve-loaded "$cli" serve --tcp 127.0.0.1:0 --tls --cert "$work/cert.pem" --key "$work/key.pem"
  out=$("$cli" send --tcp "$addr" --tls --ca "$work/cert.pem" --half-close --wait 5s 'loaded\n' 2>"$work/send.err")
  if [ "$out" = "loaded" ]; then
    pass "serve --tls --cert/--key (made by openssl) <- send --tls --ca"
  else
    fail "serve --tls with openssl's certificate: got '$out': $(cat "$work/send.err")"
  fi

  # 4. relay --tls in front of a plain serve, openssl s_client as the client.
  start_listener serve-plain "$cli" serve --tcp 127.0.0.1:0
  plain_addr=$addr
  start_listener relay-tls "$cli" relay --listen 127.0.0.1:0 --to "$plain_addr" --tls --save-cert "$work/relay.pem"
  if sclient "$addr" "$work/relay.pem" "through the relay"; then
    pass "openssl s_client -> relay --tls -> serve"
  else
    fail "openssl s_client -> relay --tls -> serve"
  fi

  # 5. relay --tls-to openssl s_server, plain send as the client.
  start_listener relay-to "$cli" relay --listen 127.0.0.1:0 --to "127.0.0.1:$port" --tls-to --ca "$work/cert.pem"
  out=$("$cli" send --tcp "$addr" --half-close --wait 5s 'relayed\n' 2>"$work/send.err")
  if [ "$out" = "deyaler" ]; then
    pass "send -> relay --tls-to -> openssl s_server -rev"
  else
    fail "send -> relay --tls-to -> openssl s_server: got '$out': $(cat "$work/send.err")"
  fi

  # 6. a plain send to a TLS server says the server speaks TLS.
  "$cli" send --tcp "$gen_addr" --wait 5s 'plain\n' >/dev/null 2>"$work/send.err"
  code=$?
  if [ $code -eq 1 ] && grep -q "it speaks TLS.*pass --tls" "$work/send.err"; then
    pass "plain send -> serve --tls: exit 1, 'it speaks TLS'"
  else
    fail "plain send -> serve --tls: exit $code: $(cat "$work/send.err")"
  fi

  if have ncat; then
    # 7. ncat --ssl (verifying, half-close at end of input) against serve --tls.
    out=$(printf 'hello from ncat\n' | timeout 20 ncat --ssl --ssl-verify --ssl-trustfile "$work/gen.pem" localhost "${gen_addr##*:}" 2>"$work/ncat.err")
    if [ "$out" = "hello from ncat" ]; then
      pass "ncat --ssl --ssl-verify -> serve --tls"
    else
      fail "ncat --ssl -> serve --tls: got '$out': $(cat "$work/ncat.err")"
    fi

    # 8. send --tls against an ncat --ssl server running cat. (Not tr:
    # ncat --exec drops the child's output once the client's end of stream
    # arrives, so a server that answers at end of input cannot be built
    # with it; socat below is one.)
    port=$(free_port)
    ncat --ssl --ssl-cert "$work/cert.pem" --ssl-key "$work/key.pem" -l 127.0.0.1 "$port" --exec "$(command -v cat)" >"$work/ncat-l.out" 2>&1 &
    pids+=($!)
    wait_port "$port"
    out=$("$cli" send --tcp "localhost:$port" --tls --ca "$work/cert.pem" --max-bytes 6 --wait 5s 'shout\n' 2>"$work/send.err")
    if [ "$out" = "shout" ]; then
      pass "send --tls --ca -> ncat --ssl -l --exec cat"
    else
      fail "send --tls -> ncat --ssl: got '$out': $(cat "$work/send.err")"
    fi
  fi
fi

if have socat; then
  # 9. a server that answers only at end of input.
  port=$(free_port)
  socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr" "EXEC:tr a-z A-Z" >/dev/null 2>&1 &
  pids+=($!)
  wait_port "$port"
  out=$("$cli" send --tcp "127.0.0.1:$port" --half-close --wait 5s 'quiet please\n' 2>"$work/send.err")
  if [ "$out" = "QUIET PLEASE" ]; then
    pass "send --half-close -> socat EXEC:'tr a-z A-Z'"
  else
    fail "send --half-close -> socat EXEC:tr: got '$out': $(cat "$work/send.err")"
  fi
fi

if [ $failures -gt 0 ]; then
  echo "interop: $failures check(s) failed"
  exit 1
fi
echo "interop: all checks passed"
