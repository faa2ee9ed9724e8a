from storybank import create_app

app = create_app()
