# Messages of the cli part (ja). Keys must match the other language.
