module example.com/ggtestdata/gg019deep

go 1.25
