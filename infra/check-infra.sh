#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Validates the operations files in infra/ with the real tools this machine has (tests/run-all.sh runs it):
#   1. structure of every YAML/JSON/Bicep file (check_infra.py: Compose, Kubernetes, OTel Collector, Grafana, Bicep)
#   2. promtool (Debian package 'prometheus'): check config, check rules, and the rule unit tests
#   3. a real Mosquitto started with mosquitto/mosquitto-tls.conf on a loopback port, with certificates generated
#      here (never committed), a password file made by mosquitto_passwd and acl.example: TLS connects, wrong
#      password refused, no plain-text listener, a device's uplink reaches a $share subscriber of the gateway account
# Ends with "infra: N passed, N failed, N skipped"; exit 1 if anything failed. A missing tool counts as skipped.
set -uo pipefail
INFRA="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
passed=0; failed=0; skipped=0
pass() { echo "PASS $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
skip() { echo "SKIPPED $*"; skipped=$((skipped + 1)); }

# --- 1. structure -------------------------------------------------------------------------------------------------
if python3 -c 'import yaml' 2>/dev/null; then
  out="$(python3 "$INFRA/check_infra.py")"; status=$?
  echo "$out" | grep -v '^PASS'
  p="$(echo "$out" | grep -c '^PASS')"; f="$(echo "$out" | grep -c '^FAIL')"
  passed=$((passed + p)); failed=$((failed + f))
  [ "$status" -eq 0 ] || [ "$f" -gt 0 ] || fail "check_infra.py exited $status"
else
  skip "structure checks: python3-yaml is not installed"
fi

# --- 2. Prometheus ------------------------------------------------------------------------------------------------
if command -v promtool >/dev/null; then
  promtool check config "$INFRA/prometheus/prometheus.yml" >/dev/null 2>&1 && pass "promtool check config" \
    || fail "promtool check config: $(promtool check config "$INFRA/prometheus/prometheus.yml" 2>&1 | tail -3)"
  promtool check rules "$INFRA/prometheus/fleet-alerts.yml" >/dev/null 2>&1 && pass "promtool check rules" \
    || fail "promtool check rules: $(promtool check rules "$INFRA/prometheus/fleet-alerts.yml" 2>&1 | tail -3)"
  (cd "$INFRA/prometheus" && promtool test rules fleet-alerts.test.yml >/dev/null 2>&1) && pass "promtool test rules" \
    || fail "promtool test rules: $(cd "$INFRA/prometheus" && promtool test rules fleet-alerts.test.yml 2>&1 | tail -8)"
else
  skip "promtool: Debian package 'prometheus' is not installed"
fi

# --- 3. Mosquitto with TLS, passwords and ACL ---------------------------------------------------------------------
if [ -x /usr/sbin/mosquitto ] && command -v mosquitto_pub >/dev/null && command -v openssl >/dev/null; then
  work="$(mktemp -d /tmp/fleet-infra-check-XXXXXX)"
  broker_pid=""; sub_pid=""
  cleanup() {
    [ -n "$sub_pid" ] && kill "$sub_pid" 2>/dev/null
    [ -n "$broker_pid" ] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null
    rm -rf "$work"
  }
  trap cleanup EXIT
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  # A throw-away CA and a broker certificate for localhost.
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=fleet-check-ca" \
    -keyout "$work/ca-key.pem" -out "$work/ca.pem" >/dev/null 2>&1
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
    -keyout "$work/broker-key.pem" -out "$work/broker.csr" >/dev/null 2>&1
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$work/san.ext"
  openssl x509 -req -in "$work/broker.csr" -CA "$work/ca.pem" -CAkey "$work/ca-key.pem" -CAcreateserial -days 1 \
    -extfile "$work/san.ext" -out "$work/broker.pem" >/dev/null 2>&1
  device_secret="$(openssl rand -hex 16)"; gateway_secret="$(openssl rand -hex 16)"
  mosquitto_passwd -c -b "$work/passwd" check-dev-1 "$device_secret" >/dev/null 2>&1
  mosquitto_passwd -b "$work/passwd" fleet@gateway "$gateway_secret" >/dev/null 2>&1
  cp "$INFRA/mosquitto/acl.example" "$work/acl"
  chmod 0700 "$work"; chmod 0600 "$work/passwd" "$work/acl" "$work"/*.pem
  # The committed file, with only paths, the port and the user changed for a loopback run.
  sed -e "s|^listener 8883|listener $port 127.0.0.1|" \
      -e "s|/etc/mosquitto/certs/|$work/|" \
      -e "s|/etc/mosquitto/fleet/|$work/|" \
      -e "s|/run/mosquitto/mosquitto.pid|$work/mosquitto.pid|" \
      -e "s|/var/lib/mosquitto/|$work/|" \
      "$INFRA/mosquitto/mosquitto-tls.conf" >"$work/mosquitto.conf"
  echo "user $(id -un)" >>"$work/mosquitto.conf"
  /usr/sbin/mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
  broker_pid=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$broker_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$broker_pid" 2>/dev/null; then
    pass "mosquitto -c mosquitto-tls.conf starts"
    tls=(-h localhost -p "$port" --cafile "$work/ca.pem" -V mqttv5)
    # The gateway account's shared subscription (what every scale-out instance subscribes to).
    mosquitto_sub "${tls[@]}" -u fleet@gateway -P "$gateway_secret" -q 1 -C 1 -W 10 \
      -t '$share/fleet-gateways/fleet/v1/+/up/#' >"$work/received" 2>"$work/sub.log" &
    sub_pid=$!
    sleep 0.5
    if mosquitto_pub "${tls[@]}" -u check-dev-1 -P "$device_secret" -q 1 -t fleet/v1/check-dev-1/up/telemetry \
        -m hello >"$work/pub.log" 2>&1; then
      pass "TLS connect and QoS 1 publish with the device's password"
    else
      fail "TLS publish: $(cat "$work/pub.log")"
    fi
    wait "$sub_pid" 2>/dev/null; sub_pid=""
    [ "$(cat "$work/received")" = "hello" ] && pass "uplink delivered to the gateway's \$share subscription" \
      || fail "shared subscription received '$(cat "$work/received")': $(cat "$work/sub.log")"
    mosquitto_pub "${tls[@]}" -u check-dev-1 -P wrong-password -q 1 -t fleet/v1/check-dev-1/up/telemetry -m x \
      >/dev/null 2>&1 && fail "a wrong password was accepted" || pass "wrong password refused"
    mosquitto_pub -h 127.0.0.1 -p "$port" -u check-dev-1 -P "$device_secret" -q 1 -t fleet/v1/check-dev-1/up/x -m x \
      >/dev/null 2>&1 && fail "plain-text MQTT accepted on the TLS listener" || pass "no plain-text MQTT"
  else
    fail "mosquitto did not start: $(tail -5 "$work/mosquitto.log")"
  fi
else
  skip "Mosquitto TLS start: mosquitto, mosquitto-clients or openssl is not installed"
fi

echo "infra: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
