prompt = "Classify the sentiment: 'a delight from start to finish' ->"
print(prompt)
print("positive")
