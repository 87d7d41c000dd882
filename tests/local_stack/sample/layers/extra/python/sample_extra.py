def greeting() -> str:
    return "hello from the extra layer"
