# Messages of the profile part (en). Keys must match the other language.
