# SPDX-License-Identifier: GPL-2.0
# The ratios of `make bench` (mdrv over stock, same boot): the median of the
# rounds with the min..max spread; control-path points are p50, spread to
# p99. 1.00 is parity: above it mdrv is faster for throughput figures, slower
# for latencies, CPU and interrupts (the label says which figure it is).
#   gnuplot -e "dat='plot.dat'; png='bench.png'" bench.gp
set terminal pngcairo size 1400,700 noenhanced font ",9"
set output png
set title "mdrv / stock driver, same VM boot (median, min..max over rounds)"
set ylabel "ratio mdrv / stock"
set logscale y 2
set grid ytics
set xtics rotate by -60 scale 0
set key off
set bmargin 12
set offsets 0.5, 0.5, 0, 0
set arrow from graph 0, first 1 to graph 1, first 1 nohead lc rgb "#cc0000" dt 2
plot dat using 0:2:3:4:xticlabels(1) with yerrorbars pt 7 ps 0.8 lc rgb "#1f5fa8"
