module example.com/fixcorpus

go 1.22
