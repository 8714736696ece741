// input: to be written
