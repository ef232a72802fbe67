import ProcessPool
print("pool test worker")
