# Messages of the cli part (en). Keys must match the other language.
