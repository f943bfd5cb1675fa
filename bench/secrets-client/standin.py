# GetSecretValue on loopback for bench/secrets-client.sh: any secret id gets a database user.
import http.server, json, sys

class GetSecretValue(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers.get('Content-Length', 0))))
        body = json.dumps({"ARN": request["SecretId"], "Name": "db", "VersionId": "v1",
                           "SecretString": json.dumps({"username": "app", "password": "pw"}),
                           "VersionStages": ["AWSCURRENT"], "CreatedDate": 1.7e9}).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'application/x-amz-json-1.1')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), GetSecretValue).serve_forever()
