module example.com/gg/inlined

go 1.21
