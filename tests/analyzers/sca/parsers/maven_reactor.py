"""A multi-module Maven project (an aggregator, a BOM module, a service) written into a test's tmp_path."""

from __future__ import annotations

from pathlib import Path

LEDGER_POM = """\
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>

  <parent>
    <groupId>com.example.bank</groupId>
    <artifactId>bank-parent</artifactId>
    <version>3.1.0</version>
  </parent>

  <artifactId>ledger</artifactId>

  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>com.example.bank</groupId>
        <artifactId>platform-bom</artifactId>
        <version>${project.version}</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
      <dependency>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-dependencies</artifactId>
        <version>2.7.0</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>

  <dependencies>
    <dependency>
      <groupId>io.netty</groupId>
      <artifactId>netty-handler</artifactId>
    </dependency>
    <dependency>
      <groupId>org.yaml</groupId>
      <artifactId>snakeyaml</artifactId>
    </dependency>
    <dependency>
      <groupId>org.apache.commons</groupId>
      <artifactId>commons-text</artifactId>
      <!-- CVE-2022-42889: pinned past the BOM's 1.9 -->
      <version>1.10.0</version>
    </dependency>
    <dependency>
      <groupId>com.h2database</groupId>
      <artifactId>h2</artifactId>
      <version>${h2.version}</version>
      <scope>test</scope>
    </dependency>
  </dependencies>

  <profiles>
    <profile>
      <id>postgres</id>
      <activation>
        <activeByDefault>true</activeByDefault>
      </activation>
      <properties>
        <h2.version>2.1.210</h2.version>
      </properties>
      <dependencies>
        <dependency>
          <groupId>org.postgresql</groupId>
          <artifactId>postgresql</artifactId>
          <version>42.3.3</version>
        </dependency>
      </dependencies>
    </profile>
    <profile>
      <id>oracle</id>
      <activation>
        <property>
          <name>db</name>
          <value>oracle</value>
        </property>
      </activation>
      <dependencies>
        <dependency>
          <groupId>com.oracle.database.jdbc</groupId>
          <artifactId>ojdbc8</artifactId>
          <version>21.5.0.0</version>
        </dependency>
      </dependencies>
    </profile>
  </profiles>
</project>
"""


PLATFORM_BOM_POM = """\
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>

  <parent>
    <groupId>com.example.bank</groupId>
    <artifactId>bank-parent</artifactId>
    <version>3.1.0</version>
  </parent>

  <artifactId>platform-bom</artifactId>
  <packaging>pom</packaging>

  <properties>
    <netty.version>4.1.77.Final</netty.version>
  </properties>

  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>io.netty</groupId>
        <artifactId>netty-handler</artifactId>
        <version>${netty.version}</version>
      </dependency>
      <dependency>
        <groupId>org.yaml</groupId>
        <artifactId>snakeyaml</artifactId>
        <version>1.30</version>
      </dependency>
      <dependency>
        <groupId>org.apache.commons</groupId>
        <artifactId>commons-text</artifactId>
        <version>1.9</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
</project>
"""


AGGREGATOR_POM = """\
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>

  <groupId>com.example.bank</groupId>
  <artifactId>bank-parent</artifactId>
  <version>3.1.0</version>
  <packaging>pom</packaging>

  <modules>
    <module>platform-bom</module>
    <module>ledger</module>
  </modules>

  <properties>
    <java.version>17</java.version>
  </properties>
</project>
"""


REACTOR = {"pom.xml": AGGREGATOR_POM, "platform-bom/pom.xml": PLATFORM_BOM_POM, "ledger/pom.xml": LEDGER_POM}


def write_reactor(root: Path, replace: dict[str, str] | None = None) -> Path:
    """The project under `root`; `replace` swaps whole files (by path) to vary it."""
    for relpath, text in {**REACTOR, **(replace or {})}.items():
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root
