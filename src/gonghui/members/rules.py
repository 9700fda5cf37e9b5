PERMISSIONS: dict = {}
