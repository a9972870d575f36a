# ad-hoc: machine-cpu.sh SERVERPID URL KIND SECONDS -> CPU µs per request by process group
pgcpu() { local t=0; for p in $(pgrep -x postgres) $(pgrep -f "postgres:"); do [ -r /proc/$p/stat ] && t=$((t + $(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $t; }
tot() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
s0=$(awk '{print $14+$15}' /proc/$1/stat); p0=$(pgcpu); m0=$(tot)
out=$(node /work/main/bench/load-once.mjs $2 $3 $4)
s1=$(awk '{print $14+$15}' /proc/$1/stat); p1=$(pgcpu); m1=$(tot)
n=$(echo "$out" | awk '{print $3}'); N=$((n*$4))
echo "$out | per req µs: server $(( (s1-s0)*10000/N )) postgres $(( (p1-p0)*10000/N )) machine $(( (m1-m0)*10000/N ))"
