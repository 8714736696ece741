// neurosim_csv: to be written
