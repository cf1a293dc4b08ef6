#!/usr/bin/env bash
# What the services use, for deploy/kubernetes's requests and limits: every 5 s for <seconds>, the resident memory
# (MiB), CPU (cores) and threads of each service of the local stack, then each one's peak and mean; and each JVM's
# live heap after a full GC. Run it while the services work (README of deploy/kubernetes: "Requests and limits").
#   usage: measure-resources.sh [seconds, default 90] [name ...]   (names: producer-service monitor-service)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dur="${1:-90}"; shift || true
names=("${@:-producer-service monitor-service}"); read -r -a names <<<"${names[*]}"
run="${STACK_HOME:-$HOME/.cache/package-cdc/stack}/run"
tck=$(getconf CLK_TCK)
declare -A pid last peakrss peakcpu sumcpu
for n in "${names[@]}"; do
  pid[$n]=$(cat "$run/$n.pid" 2>/dev/null) && kill -0 "${pid[$n]}" 2>/dev/null || { echo "$n is not running (make $([ "$n" = producer-service ] && echo producer-up || echo monitor-up))" >&2; exit 1; }
  last[$n]=$(awk '{print $14+$15}' "/proc/${pid[$n]}/stat"); peakrss[$n]=0; peakcpu[$n]=0; sumcpu[$n]=0
done
samples=0
for ((t = 5; t <= dur; t += 5)); do
  sleep 5; samples=$((samples + 1)); line="t=${t}s"
  for n in "${names[@]}"; do
    p=${pid[$n]}
    rss=$(awk '/VmRSS/{printf "%d", $2/1024}' "/proc/$p/status"); now=$(awk '{print $14+$15}' "/proc/$p/stat")
    cpu=$(awk -v a="$now" -v b="${last[$n]}" -v h="$tck" 'BEGIN{printf "%.2f", (a-b)/h/5}'); last[$n]=$now
    line+="  $n rss=${rss}MiB cpu=$cpu threads=$(awk '/Threads/{print $2}' "/proc/$p/status")"
    (( rss > ${peakrss[$n]} )) && peakrss[$n]=$rss
    peakcpu[$n]=$(awk -v a="$cpu" -v b="${peakcpu[$n]}" 'BEGIN{print (a>b)?a:b}')
    sumcpu[$n]=$(awk -v a="$cpu" -v b="${sumcpu[$n]}" 'BEGIN{print a+b}')
  done
  echo "$line"
done
jcmd="$("$root/.ci/find-jdk")/bin/jcmd"
for n in "${names[@]}"; do
  "$jcmd" "${pid[$n]}" GC.run >/dev/null
  heap=$("$jcmd" "${pid[$n]}" GC.heap_info | awk '/used/{for(i=1;i<=NF;i++) if($i=="used"){v=$(i+1); sub(/K,?/,"",v); printf "%d", v/1024}; exit}')
  echo "$n: peak RSS ${peakrss[$n]} MiB, mean CPU $(awk -v s="${sumcpu[$n]}" -v k="$samples" 'BEGIN{printf "%.2f", s/k}'), peak CPU ${peakcpu[$n]}, live heap after a full GC ${heap} MiB"
done
