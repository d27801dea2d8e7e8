"""`xuehui serve`: the web app on this machine (127.0.0.1 unless told otherwise)."""

from __future__ import annotations

import threading
import webbrowser

import typer

from xuehui.output import console, fail


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址；默认只允许本机访问"),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="端口"),
    open_browser: bool = typer.Option(True, "--open/--no-open", help="启动后是否自动打开浏览器"),
) -> None:
    """在本机启动网页版（检索、对比、生成文件、章程审查）。"""
    import uvicorn

    from xuehui.web import create_app

    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(f"[yellow]注意：[/]监听 {host}，同一网络中的其他电脑也能访问本工具。")
    console.print(f"学会工具箱网页版：[bold]{url}[/]  （按 Ctrl+C 停止）")
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    config = uvicorn.Config(create_app(), host=host, port=port, log_level="warning")
    server = uvicorn.Server(config)
    try:
        server.run()
    except OSError as err:
        fail(f"无法在 {host}:{port} 启动（{err.strerror or err}）。端口可能已被占用，请用 --port 换一个。")
    if not server.started:
        fail(f"无法在 {host}:{port} 启动。端口可能已被占用，请用 --port 换一个。")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
