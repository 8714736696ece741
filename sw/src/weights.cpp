// weights: to be written
