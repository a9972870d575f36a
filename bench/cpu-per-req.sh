# ad-hoc: cpu-per-req.sh PID URL KIND SECONDS
pid=$1; u0=$(awk '{print $14}' /proc/$pid/stat); s0=$(awk '{print $15}' /proc/$pid/stat)
out=$(node /work/main/bench/load-once.mjs $2 $3 $4)
u1=$(awk '{print $14}' /proc/$pid/stat); s1=$(awk '{print $15}' /proc/$pid/stat)
n=$(echo "$out" | awk '{print $3}')
echo "$out  user_us/req=$(( (u1-u0)*10000 / (n*$4) )) sys_us/req=$(( (s1-s0)*10000 / (n*$4) ))"
