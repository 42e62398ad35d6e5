module watchbench/targets

go 1.22
