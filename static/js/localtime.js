// local time: see issue 2
