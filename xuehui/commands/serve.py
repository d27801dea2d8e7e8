"""`xuehui serve`: the web app on this machine (127.0.0.1 unless told otherwise)."""

from __future__ import annotations

import socket
import threading
import webbrowser

import typer

from xuehui.output import console, fail

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def port_problem(host: str, port: int) -> str | None:
    """Why the app cannot listen on ``host:port`` (Chinese), or None when it can."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.bind((host, port))
    except socket.gaierror:
        return f"无法识别监听地址“{host}”，请使用 127.0.0.1 或本机的 IP 地址"
    except OSError as err:
        if err.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            return f"端口 {port} 已被占用（可能已有一个 xuehui serve 在运行），请用 --port 换一个，如 --port {port + 1}"
        return f"无法在 {host}:{port} 监听（{err.strerror or err}）"
    return None


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址；默认只允许本机访问"),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="端口"),
    open_browser: bool = typer.Option(True, "--open/--no-open", help="启动后是否自动打开浏览器"),
) -> None:
    """在本机启动网页版（检索、对比、生成文件、章程审查）。"""
    problem = port_problem(host, port)
    if problem:
        fail(problem)
    import uvicorn

    from xuehui.web import create_app

    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"
    if host not in LOCAL_HOSTS:
        console.print(f"[yellow]注意：[/]监听 {host}，同一网络中的其他电脑也能访问本工具。")
    console.print(f"学会工具箱网页版：[bold]{url}[/]  （按 Ctrl+C 停止）")
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    # on loopback, answer only requests addressed to this machine (no DNS rebinding)
    allowed = ["127.0.0.1", "localhost", "::1", "[::1]"] if host in LOCAL_HOSTS else None
    # Ctrl+C / SIGTERM: requests still running get 3 seconds, then their workers are stopped
    uvicorn.run(
        create_app(allowed_hosts=allowed),
        host=host,
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=3,
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
