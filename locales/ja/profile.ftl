# Messages of the profile part (ja). Keys must match the other language.
